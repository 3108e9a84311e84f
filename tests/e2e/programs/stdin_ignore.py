# Never reads its standard input, and closes it early.
import os, time
os.close(0)
time.sleep(0.3)
print("done without reading")
