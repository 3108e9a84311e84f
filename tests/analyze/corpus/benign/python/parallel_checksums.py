"""Compute SHA-256 checksums of the files in the current directory
using a small, bounded thread pool."""
import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

MAX_WORKERS = 4


def process_file(name):
    h = hashlib.sha256()
    with open(name, "rb") as fh:
        for block in iter(lambda: fh.read(65536), b""):
            h.update(block)
    return name, h.hexdigest()


def main():
    files = sorted(f for f in os.listdir(".") if os.path.isfile(f))
    started = time.monotonic()
    results = {}
    with ThreadPoolExecutor(max_workers=MAX_WORKERS) as executor:
        futures = [executor.submit(process_file, f) for f in files]
        for fut in as_completed(futures):
            name, digest = fut.result()
            results[name] = digest
    for name in files:
        print(f"{results[name]}  {name}")
    print(f"# {len(files)} files in {time.monotonic() - started:.2f}s")


if __name__ == "__main__":
    main()
