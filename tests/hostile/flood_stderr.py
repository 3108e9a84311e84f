# Output flood on both streams, without a single newline on stderr.
import os
os.write(1, b"BEGIN-OUT\n")
os.write(2, b"BEGIN-ERR")
block = b"E" * 65536
while True:
    os.write(2, block)
    os.write(1, b"o" * 1000)
