# Prints every environment it can find: its own, its parent's, a shell's.
import os, subprocess
for k, v in sorted(os.environ.items()):
    print("ENV %s=%s" % (k, v))
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        with open("/proc/%s/environ" % pid, "rb") as f:
            print("PROC %s %r" % (pid, f.read()))
    except OSError as e:
        print("PROC %s denied %s" % (pid, e.strerror))
print(subprocess.run(["sh", "-c", "env; set"], capture_output=True,
                     text=True).stdout)
