# Fills /work, /tmp and /dev/shm until the disk says no.
import errno, os
block = b"\xaa" * (1 << 20)
for d in ("/work", "/tmp", "/dev/shm"):
    total, err, i = 0, "none", 0
    while total < (4 << 30):
        try:
            with open(os.path.join(d, "fill%d" % i), "wb") as f:
                for _ in range(16):
                    total += f.write(block)
        except OSError as e:
            err = errno.errorcode[e.errno]
            break
        i += 1
    print("%s %d MiB %s" % (d, total >> 20, err))
