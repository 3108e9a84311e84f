#!/usr/bin/env python3
"""Summarize numeric columns of a CSV file and write summary.csv in the cwd."""
import argparse
import csv
import math
import os
import sys


def to_float(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def summarize(rows, columns):
    stats = {}
    for col in columns:
        vals = [v for v in (to_float(r.get(col)) for r in rows) if v is not None]
        if not vals:
            continue
        mean = sum(vals) / len(vals)
        var = sum((v - mean) ** 2 for v in vals) / max(len(vals) - 1, 1)
        stats[col] = {"count": len(vals), "mean": mean, "std": math.sqrt(var),
                      "min": min(vals), "max": max(vals)}
    return stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input", help="CSV file to read")
    ap.add_argument("-o", "--output", default="summary.csv")
    args = ap.parse_args()

    with open(args.input, newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        columns = reader.fieldnames or []

    stats = summarize(rows, columns)
    if not stats:
        print("no numeric columns found", file=sys.stderr)
        return 1

    out_path = os.path.join(os.getcwd(), args.output)
    with open(out_path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["column", "count", "mean", "std", "min", "max"])
        for col, s in stats.items():
            w.writerow([col, s["count"], f"{s['mean']:.4f}", f"{s['std']:.4f}", s["min"], s["max"]])
    print(f"wrote {len(stats)} rows to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
