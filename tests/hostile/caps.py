# Reports its own privileges, then lingers with the marker in a child's argv
# so the host can look at it too.
import subprocess
for line in open("/proc/self/status"):
    if line.split(":")[0] in ("Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff",
                              "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"):
        print(line.strip())
subprocess.run(["sleep", "0.8", "0.@MARK@"])
