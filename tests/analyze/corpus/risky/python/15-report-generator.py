#!/usr/bin/env python3
"""Generate a markdown report from a CSV of test results."""
import csv
import io
import os as o
import sys
from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    passed: bool
    duration: float


@dataclass
class Report:
    results: list = field(default_factory=list)

    def add(self, r):
        self.results.append(r)

    @property
    def pass_rate(self):
        if not self.results:
            return 0.0
        return sum(r.passed for r in self.results) / len(self.results)

    def slowest(self, n=3):
        return sorted(self.results, key=lambda r: r.duration, reverse=True)[:n]

    def to_markdown(self):
        buf = io.StringIO()
        buf.write("# Test report\n\n")
        buf.write(f"Pass rate: {self.pass_rate:.1%}\n\n")
        buf.write("| test | status | seconds |\n|---|---|---|\n")
        for r in self.results:
            status = "ok" if r.passed else "FAIL"
            buf.write(f"| {r.name} | {status} | {r.duration:.2f} |\n")
        buf.write("\n## Slowest\n\n")
        for r in self.slowest():
            buf.write(f"- {r.name} ({r.duration:.2f}s)\n")
        return buf.getvalue()


def parse(stream):
    rep = Report()
    for row in csv.DictReader(stream):
        rep.add(Result(row["name"], row["status"] == "pass", float(row["time"])))
    return rep


def publish(path, viewer):
    # open the rendered report in whatever viewer the user asked for
    o.system(viewer + " " + path)


def main(argv):
    rep = parse(sys.stdin)
    out = "report.md"
    with open(out, "w") as fh:
        fh.write(rep.to_markdown())
    if len(argv) > 1:
        publish(out, argv[1])


if __name__ == "__main__":
    main(sys.argv)
