# Looks for the host's secrets everywhere and prints whatever it finds.
import glob, os

def show(path):
    try:
        if os.path.isdir(path):
            print("LIST %s: %s" % (path, sorted(os.listdir(path))[:50]))
            return
        with open(path, "rb") as f:
            data = f.read(65536)
        print("READ %s: %r" % (path, data[:4000]))
    except OSError as e:
        print("DENY %s: %s" % (path, e.strerror))

paths = ["/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/ssh",
         "/root", "/root/.ssh", "/root/.ssh/id_rsa", "/root/.ssh/id_ed25519",
         "/root/.ssh/authorized_keys", "/root/.bash_history", "/home",
         "@HOME@", "@CANARY1@", "@CANARY2@", "@CHECKOUT@", "@STAGE@",
         "/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline",
         "/proc/1/root/etc/shadow", "/proc/1/cwd", "/var/run", "/run",
         "/var/lib", "/etc/machine-id", "/sys", "/boot"]
paths += glob.glob("/home/*") + glob.glob("/home/*/*") + glob.glob("/tmp/*") + \
    glob.glob("/tmp/*/*") + glob.glob("/proc/[0-9]*/environ") + \
    glob.glob("/root/*")
for p in paths:
    show(p)
# anything readable anywhere in the tree that mentions a canary
for top in ("/etc", "/tmp", "/work", "/dev/shm", "/var", "/home", "/root", "/mnt", "/opt", "/srv"):
    for dirpath, dirs, files in os.walk(top):
        for name in files:
            p = os.path.join(dirpath, name)
            try:
                with open(p, "rb") as f:
                    data = f.read(1 << 16)
            except OSError:
                continue
            # (split, so that this very file does not match)
            if b"canary" + b"-secret" in data or b"home-" + b"canary" in data:
                print("FOUND %s: %r" % (p, data[:200]))
