# kiln's demo: `make run` opens this in the workbench; F5 runs it.
# It shows what the program can and cannot see from inside.
import os
import socket
import time

print("Hello from inside kiln's sandbox.")
print(f"  I am uid {os.getuid()} in {os.getcwd()}, pid {os.getpid()}, on host '{socket.gethostname()}'")
print(f"  processes I can see: {sorted(int(p) for p in os.listdir('/proc') if p.isdigit())}")
print(f"  my environment: {sorted(os.environ)}")
for path in ("/home", "/root", "/var", "/run"):
    print(f"  {path}: {'visible' if os.path.exists(path) else 'not there'}")
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    print("  the host's port 22: reached (!)")
except OSError as e:
    print(f"  the host's port 22: unreachable ({e.strerror})")
for i in range(3):
    print(f"  streaming line {i + 1} ...", flush=False)
    time.sleep(0.4)
print("Done: see the summary line kiln prints below.")
