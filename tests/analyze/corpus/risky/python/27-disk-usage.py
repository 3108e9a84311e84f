"""Show the largest directories under a path."""
import os as _os
import sys


class DiskUsage:
    def __init__(self, root="."):
        self.root = root

    def entries(self):
        return [e for e in _os.listdir(self.root) if not e.startswith(".")]

    def measure(self):
        stream = _os.popen("du -s " + " ".join(_os.path.join(self.root, e) for e in self.entries()))
        rows = []
        for line in stream:
            size, name = line.split(None, 1)
            rows.append((int(size), name.strip()))
        return sorted(rows, reverse=True)


if __name__ == "__main__":
    for size, name in DiskUsage(sys.argv[1] if len(sys.argv) > 1 else ".").measure()[:10]:
        print(f"{size:>10}  {name}")
