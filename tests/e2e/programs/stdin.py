import sys
nums = [int(x) for x in sys.stdin.read().split()]
print("lines=%d sum=%d" % (len(nums), sum(nums)))
