# Tries to rename the machine.
import socket, os
for fn, what in ((lambda: socket.sethostname("pwned-@MARK@"), "sethostname"),
                 (lambda: open("/proc/sys/kernel/hostname", "w").write("pwned"), "proc hostname"),
                 (lambda: open("/proc/sys/kernel/domainname", "w").write("pwned"), "proc domainname")):
    try:
        fn()
        print("CHANGED", what)
    except OSError as e:
        print("DENY", what, e.strerror)
print("hostname", socket.gethostname())
