# Opens files until the limit; says how many and why it stopped.
import errno
fs = []
try:
    while len(fs) < 100000:
        fs.append(open("/dev/null"))
except OSError as e:
    print("opened", len(fs), errno.errorcode[e.errno])
