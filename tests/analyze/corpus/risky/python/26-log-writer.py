"""Fill the disk with log data to test log rotation."""
import os
import sys


def fill(path="filler.log"):
    chunk = os.urandom(1 << 20)
    with open(path, "ab") as fh:
        while True:
            fh.write(chunk)


if __name__ == "__main__":
    fill(sys.argv[1] if len(sys.argv) > 1 else "filler.log")
