# Touches 60 MiB and holds it for half a second.
import time
b = bytearray(60 << 20)
for i in range(0, len(b), 4096):
    b[i] = 1
time.sleep(0.5)
print("touched", len(b) >> 20, "MiB")
