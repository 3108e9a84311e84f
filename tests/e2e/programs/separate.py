import sys
for i in range(3):
    print("OUT%d" % i)
    print("ERR%d" % i, file=sys.stderr)
