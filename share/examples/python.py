# A short example: press F5 to run it in kiln's sandbox.
import sys


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


for i in range(10):
    print(f"fib({i}) = {fib(i)}")
print("done", file=sys.stderr)
