# Memory bomb: 16 MiB of written bytes at a time, up to 1 GiB.
import time
keep = []
for i in range(64):
    keep.append(b"\x01" * (16 << 20))
print("allocated 1 GiB and nobody stopped me")
time.sleep(2)
