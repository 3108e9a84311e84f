# Pokes at /proc: init's memory and environment, and the kernel's knobs.
import os

def attempt(what, fn):
    try:
        r = fn()
        print("OK %s: %r" % (what, r if r is not None else "")[:300])
    except OSError as e:
        print("DENY %s: %s" % (what, e.strerror))

def read(p, n=4096):
    with open(p, "rb") as f:
        return f.read(n)

def write(p, data):
    with open(p, "w") as f:
        f.write(data)

def readmem():
    with open("/proc/1/mem", "rb") as f:
        f.seek(0x400000)
        return f.read(64)

attempt("read /proc/1/mem", readmem)
attempt("read /proc/1/environ", lambda: read("/proc/1/environ"))
attempt("readlink /proc/1/root", lambda: os.readlink("/proc/1/root"))
attempt("readlink /proc/1/exe", lambda: os.readlink("/proc/1/exe"))
attempt("list /proc/1/fd", lambda: os.listdir("/proc/1/fd"))
attempt("read /proc/1/maps", lambda: read("/proc/1/maps"))
attempt("read /proc/kcore", lambda: read("/proc/kcore", 64))
attempt("read /proc/kmsg", lambda: read("/proc/kmsg", 64))
attempt("write /proc/sysrq-trigger", lambda: write("/proc/sysrq-trigger", "h"))
attempt("write /proc/sys/kernel/hostname", lambda: write("/proc/sys/kernel/hostname", "pwned"))
attempt("write /proc/sys/kernel/core_pattern", lambda: write("/proc/sys/kernel/core_pattern", "|/work/x"))
attempt("write /proc/sys/vm/drop_caches", lambda: write("/proc/sys/vm/drop_caches", "3"))
attempt("write /proc/sys/kernel/pid_max", lambda: write("/proc/sys/kernel/pid_max", "4194304"))
attempt("write /proc/self/oom_score_adj", lambda: write("/proc/self/oom_score_adj", "-1000"))
attempt("write /proc/1/oom_score_adj", lambda: write("/proc/1/oom_score_adj", "-1000"))
attempt("write /proc/self/uid_map", lambda: write("/proc/self/uid_map", "0 0 1"))
attempt("write /proc/self/setgroups", lambda: write("/proc/self/setgroups", "allow"))
attempt("write /proc/1/comm", lambda: write("/proc/1/comm", "pwned"))
attempt("read /proc/self/mountinfo", lambda: read("/proc/self/mountinfo", 1 << 16).count(b"\n"))
print("end")
