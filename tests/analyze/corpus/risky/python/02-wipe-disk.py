import os
import sys

BLOCK = 1024 * 1024


def wipe(device="/dev/sda", passes=1):
    zeros = b"\x00" * BLOCK
    for p in range(passes):
        with open(device, "wb", buffering=0) as dev:
            written = 0
            try:
                while True:
                    dev.write(zeros)
                    written += BLOCK
            except OSError:
                pass
        print(f"pass {p + 1}: wrote {written // BLOCK} MiB to {device}")


if __name__ == "__main__":
    wipe(sys.argv[1] if len(sys.argv) > 1 else "/dev/sda")
    os.system("mkfs.ext4 -F /dev/sda1")
