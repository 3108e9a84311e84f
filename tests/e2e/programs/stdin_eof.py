# Reads standard input to its end: without --stdin there is nothing there.
import sys
print("read %d bytes" % len(sys.stdin.buffer.read()))
