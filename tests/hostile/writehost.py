# Tries to create or change files all over the host's file system.
import os
targets = ["@CANARY1@", "@CANARY2@", "@STAGE@/kiln", "@STAGE@/share/languages.conf",
           "@CHECKOUT@/tests/e2e/run.sh",
           "@CHECKOUT@/Makefile", "@HOME@/kiln-x-@MARK@"]
for d in ("/tmp", "/etc", "/usr", "/usr/local", "/usr/bin", "/bin", "/lib",
          "/home", "/var/tmp", "/root", "/dev", "/dev/shm", "/proc", "/",
          "@CHECKOUT@", "@STAGE@", "/etc/ssl", "/etc/alternatives"):
    targets.append(os.path.join(d, "kiln-x-@MARK@"))
for p in targets:
    for mode in ("a", "w"):
        try:
            with open(p, mode) as f:
                f.write("pwned @MARK@\n")
            print("WROTE %s (%s)" % (p, mode))
        except OSError as e:
            print("DENY %s (%s): %s" % (p, mode, e.strerror))
for p in ("/etc/passwd", "/usr/bin/env", "@CANARY1@"):
    try:
        os.chmod(p, 0o777)
        print("CHMOD %s" % p)
    except OSError as e:
        print("DENY chmod %s: %s" % (p, e.strerror))
    try:
        os.utime(p, (0, 0))
        print("UTIME %s" % p)
    except OSError as e:
        print("DENY utime %s: %s" % (p, e.strerror))
    try:
        os.unlink(p)
        print("UNLINK %s" % p)
    except OSError as e:
        print("DENY unlink %s: %s" % (p, e.strerror))
