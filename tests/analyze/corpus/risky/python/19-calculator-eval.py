#!/usr/bin/env python3
"""Tiny REPL calculator."""
import math

ALLOWED = {k: getattr(math, k) for k in dir(math) if not k.startswith("_")}


def evaluate(expr):
    code = compile(expr, "<input>", "eval")
    return eval(code, {"__builtins__": {}}, ALLOWED)


def main():
    while True:
        try:
            line = input("calc> ")
        except EOFError:
            break
        if line.strip() in ("q", "quit"):
            break
        try:
            print(evaluate(line))
        except Exception as e:
            print("error:", e)


if __name__ == "__main__":
    main()
