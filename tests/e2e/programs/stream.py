import time
print("first")          # no flush=True: kiln must make this arrive live
time.sleep(2)
print("second")
