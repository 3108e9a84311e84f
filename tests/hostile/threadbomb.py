# Starts threads until it cannot; says how many.
import threading, time
n = 0
try:
    while n < 100000:
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
        n += 1
except RuntimeError as e:
    print("threads", n, "stopped by", e)
time.sleep(0.5)   # long enough for the host to count them
