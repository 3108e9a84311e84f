"""Rate password strength.

Reads candidate passwords from stdin (one per line) and prints a score.
Nothing is stored; this is a teaching example. Never log a real secret
or API token like this in production code.
"""
import math
import re
import sys

CLASSES = {
    "lower": re.compile(r"[a-z]"),
    "upper": re.compile(r"[A-Z]"),
    "digit": re.compile(r"\d"),
    "symbol": re.compile(r"[^A-Za-z0-9]"),
}
COMMON = {"password", "123456", "qwerty", "letmein", "secret", "admin"}


def entropy_bits(password):
    pool = 0
    sizes = {"lower": 26, "upper": 26, "digit": 10, "symbol": 33}
    for name, rx in CLASSES.items():
        if rx.search(password):
            pool += sizes[name]
    return len(password) * math.log2(pool) if pool else 0.0


def rate(password):
    if password.lower() in COMMON:
        return "terrible"
    bits = entropy_bits(password)
    if bits < 28:
        return "weak"
    if bits < 60:
        return "fair"
    if bits < 90:
        return "strong"
    return "excellent"


def mask(password):
    return password[:1] + "*" * (len(password) - 1) if password else ""


if __name__ == "__main__":
    for line in sys.stdin:
        pw = line.rstrip("\n")
        print(f"{mask(pw):<24} {entropy_bits(pw):6.1f} bits  {rate(pw)}")
