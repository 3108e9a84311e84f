# What the program sees of its sandbox, one key=value a line.
import os, socket
def show(k, v):
    print("%s=%s" % (k, v))
show("uid", os.getuid()); show("euid", os.geteuid())
show("gid", os.getgid()); show("groups", ",".join(map(str, os.getgroups())))
show("hostname", socket.gethostname())
show("cwd", os.getcwd())
show("env", ",".join(sorted(os.environ)))
for k in ("PATH", "HOME", "LANG", "TMPDIR", "USER", "LOGNAME"):
    show("env." + k, os.environ.get(k))
show("dev", ",".join(sorted(os.listdir("/dev"))))
for d in ("/work", "/tmp"):
    st = os.statvfs(d)
    show("size" + d, st.f_blocks * st.f_frsize)
    show("writable" + d, os.access(d, os.W_OK))
for d in ("/", "/usr", "/etc", "/bin", "/dev", "/proc/sys"):
    try:
        open(os.path.join(d, "kiln-probe"), "w")
        show("create" + d, "yes")
    except OSError as e:
        show("create" + d, "no")
show("pid", os.getpid())
show("procs", len([p for p in os.listdir("/proc") if p.isdigit()]))
show("root", ",".join(sorted(os.listdir("/"))))
# (not socket.if_nameindex(): glibc asks netlink, which kiln refuses)
with open("/proc/net/dev") as f:
    show("ifaces", ",".join(sorted(l.split(":")[0].strip() for l in f if ":" in l)))
