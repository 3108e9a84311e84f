# A classic double-fork daemon that closes its fds and lingers.
import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.closerange(0, 1024)
        os.execv("/bin/sleep", ["sleep", "@MARK@"])
    os._exit(0)
os.wait()
print("parent leaves", flush=True)
