# Symlinks and hard links in the workspace that point at the host.
import os
links = {
    "shadow": "/etc/shadow", "p1root": "/proc/1/root", "p1cwd": "/proc/1/cwd",
    "p1environ": "/proc/1/environ", "canary1": "@CANARY1@", "canary2": "@CANARY2@",
    "selfroot": "/proc/self/root/../../../etc/shadow", "home": "@HOME@",
    "p1exe": "/proc/1/exe", "p1fd": "/proc/1/fd", "dotdot": "../../../../..@CANARY1@",
    "checkout": "@CHECKOUT@/Makefile",
}
for name, target in links.items():
    if target.endswith("@") or target in ("", "/Makefile", "../../../../.."):
        continue        # a placeholder this pass has no value for
    os.symlink(target, name)
    try:
        if os.path.isdir(name):
            print("LIST %s -> %s: %s" % (name, target, sorted(os.listdir(name))[:40]))
        else:
            with open(name, "rb") as f:
                print("READ %s -> %s: %r" % (name, target, f.read(4000)))
    except OSError as e:
        print("DENY %s -> %s: %s" % (name, target, e.strerror))
for target in ("/etc/passwd", "/usr/bin/env", "/proc/1/exe"):
    try:
        os.link(target, "hard-" + os.path.basename(target))
        print("LINKED %s" % target)
    except OSError as e:
        print("DENY link %s: %s" % (target, e.strerror))
# a link to the host through /proc/1/root, followed by a write
try:
    with open("/proc/1/root/tmp/kiln-x-@MARK@", "w") as f:
        f.write("pwned")
    print("WROTE through /proc/1/root")
except OSError as e:
    print("DENY write via /proc/1/root: %s" % e.strerror)
# the program's own source, swapped for a link to a secret as it exits
os.unlink("main.py")
os.symlink("/etc/shadow", "main.py")
print("done")
