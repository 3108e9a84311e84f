# Ignores every signal it can, and so do its children; runs forever.
import os, signal, time
for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGQUIT,
          signal.SIGUSR1, signal.SIGPIPE, signal.SIGALRM, signal.SIGXCPU):
    signal.signal(s, signal.SIG_IGN)
for i in range(3):
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "@MARK@"])   # SIG_IGN survives exec
print("ignoring signals", flush=True)
while True:
    time.sleep(1)
