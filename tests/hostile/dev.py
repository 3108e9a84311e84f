# Looks for host devices: disks, memory, the kernel log, terminals.
import os
print("LIST /dev:", ",".join(sorted(os.listdir("/dev"))))
for p in ("/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/mem", "/dev/kmem",
          "/dev/port", "/dev/kmsg", "/dev/tty", "/dev/console", "/dev/tty0",
          "/dev/ptmx", "/dev/net/tun", "/dev/fuse", "/dev/kvm", "/dev/loop0",
          "/dev/loop-control", "/dev/dri/card0", "/dev/input/event0"):
    for flags, how in ((os.O_RDONLY, "read"), (os.O_WRONLY, "write")):
        try:
            fd = os.open(p, flags | os.O_NONBLOCK)
            os.close(fd)
            print("OPENED %s for %s" % (p, how))
        except OSError as e:
            print("DENY %s %s: %s" % (how, p, e.strerror))
for name, dev in (("sda", os.makedev(8, 0)), ("mem", os.makedev(1, 1))):
    import stat
    for where in ("/work", "/tmp", "/dev/shm"):
        try:
            os.mknod(os.path.join(where, name), 0o666 | stat.S_IFBLK if name == "sda" else 0o666 | stat.S_IFCHR, dev)
            print("MKNOD %s/%s" % (where, name))
            try:
                with open(os.path.join(where, name), "rb") as f:
                    print("OPENED the node %s/%s: %r" % (where, name, f.read(16)))
            except OSError as e:
                print("DENY opening the node %s/%s: %s" % (where, name, e.strerror))
        except OSError as e:
            print("DENY mknod %s/%s: %s" % (where, name, e.strerror))
with open("/dev/null", "w") as f:
    f.write("fine")
print("null ok; zero:", open("/dev/zero", "rb").read(4))
try:
    with open("/dev/full", "w") as f:
        f.write("x")
        f.flush()
except OSError as e:
    print("full:", e.strerror)
