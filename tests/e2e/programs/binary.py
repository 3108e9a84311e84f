# Bytes that are not text: invalid UTF-8, a NUL, escapes, a cut sequence.
import sys
sys.stdout.buffer.write(b"ok \xff\xfe bad \x00 nul \x1b[31mred\x1b[0m \xe2\x82 cut\n")
sys.stdout.buffer.write("\u00e9".encode()[:1])
