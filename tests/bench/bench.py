#!/usr/bin/env python3
"""bench.py - kiln's benchmarks; tests/bench/bench.sh sets the stage and runs it.

It prints figures side by side and asserts nothing about timings: machines
are noisy. Every ratio is kiln's time divided by the reference's time, so
1.00x is parity and 1.30x means kiln took 30% longer.

    bench.py all --kiln KILN --work DIR [--user NAME]
    bench.py startup --kiln KILN --script FILE [--runs N]   (JSON on stdout)
"""
import argparse
import json
import os
import pwd
import re
import statistics
import subprocess
import sys
import time

GIB = 1024 * 1024 * 1024
MIB = 1024 * 1024

# bwrap with about the same set-up as kiln's sandbox (every namespace, a
# read-only /usr, a fresh /proc, a minimal /dev, a private /tmp).
BWRAP = ["bwrap", "--unshare-all", "--die-with-parent",
         "--ro-bind", "/usr", "/usr",
         "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
         "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin",
         "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]


class BenchError(Exception):
    pass


def run_once(argv, cwd=None):
    """Wall time of one run in ms; raises BenchError if it failed."""
    t0 = time.perf_counter_ns()
    p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ms = (time.perf_counter_ns() - t0) / 1e6
    if p.returncode != 0:
        raise BenchError("%s exited %d: %s" % (
            " ".join(argv[:3]), p.returncode,
            p.stderr.decode(errors="replace").strip()[-400:]))
    return ms


def interleaved(variants, runs, warmup=3, cwd=None):
    """Runs each variant `runs` times, taking turns; {name: [ms, ...]}."""
    names = list(variants)
    for name in names:
        for _ in range(warmup):
            run_once(variants[name], cwd)
    times = {name: [] for name in names}
    for i in range(runs):
        # Rotate who goes first, so no variant always follows another.
        k = i % len(names)
        for name in names[k:] + names[:k]:
            times[name].append(run_once(variants[name], cwd))
    return times


def stats(samples):
    q = statistics.quantiles(samples, n=10, method="inclusive")
    return {"median": statistics.median(samples), "p10": q[0], "p90": q[8],
            "n": len(samples)}


def startup(kiln, script, runs):
    """Sandbox start: kiln, bwrap and bare bash running the same script."""
    script = os.path.abspath(script)
    times = interleaved({
        "kiln": [kiln, "run", "--no-history", script],
        "bwrap": BWRAP + ["--ro-bind", script, "/x.sh", "bash", "/x.sh"],
        "bash": ["bash", script],
    }, runs)
    return {name: stats(v) for name, v in times.items()}


def proc_status(pid):
    """(VmHWM kB, utime+stime s) of pid itself, or None once it is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            status = f.read()
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    m = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    if m is None:		# a zombie has no memory left to report
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return int(m.group(1)), cpu


def throughput_kiln(kiln, source, work):
    """One 1 GiB run through kiln; its times, and kiln's own peak RSS.

    kiln's RSS is read from /proc/PID/status (VmHWM) every few ms while it
    runs: getrusage(RUSAGE_CHILDREN) would report the largest process of the
    whole tree, which includes the sandboxed compiler.
    """
    errpath = os.path.join(work, "kiln-stderr")
    with open(os.devnull, "wb") as null, open(errpath, "wb") as err:
        t0 = time.perf_counter_ns()
        p = subprocess.Popen([kiln, "run", "--no-history", "--output-limit",
                              "2G", "--timeout", "120", source],
                             stdin=subprocess.DEVNULL, stdout=null, stderr=err)
        hwm, cpu = 0, 0.0
        while p.poll() is None:
            st = proc_status(p.pid)
            if st is not None:
                hwm, cpu = max(hwm, st[0]), st[1]
            time.sleep(0.005)
        total_ms = (time.perf_counter_ns() - t0) / 1e6
    with open(errpath, errors="replace") as f:
        summary = f.read().strip()
    m = re.search(r": ok, exit 0, wall (\d+) ms", summary)
    if p.returncode != 0 or m is None:
        raise BenchError("kiln run %s exited %d: %s" % (
            os.path.basename(source), p.returncode, summary[-400:]))
    return {"run_ms": int(m.group(1)), "total_ms": total_ms,
            "rss_kb": hwm, "cpu_s": cpu}


def throughput_pipe(binary):
    """The same program, compiled on the host, piped to cat > /dev/null."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter_ns()
        prog = subprocess.Popen([binary], stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE)
        cat = subprocess.Popen(["cat"], stdin=prog.stdout, stdout=null)
        prog.stdout.close()
        rc = prog.wait(), cat.wait()
        ms = (time.perf_counter_ns() - t0) / 1e6
    if rc != (0, 0):
        raise BenchError("%s | cat exited %s" % (binary, rc))
    return ms


def throughput(kiln, source, binary, work, runs):
    k, ref = [], []
    for _ in range(runs):
        k.append(throughput_kiln(kiln, source, work))
        ref.append(throughput_pipe(binary))
    return {
        "kiln_run_ms": statistics.median(r["run_ms"] for r in k),
        "kiln_total_ms": statistics.median(r["total_ms"] for r in k),
        "kiln_rss_kb": max(r["rss_kb"] for r in k),
        "kiln_cpu_s": statistics.median(r["cpu_s"] for r in k),
        "pipe_ms": statistics.median(ref),
        "runs": runs,
    }


def hello(kiln, script, python, runs):
    script = os.path.abspath(script)
    times = interleaved({
        "kiln": [kiln, "run", "--no-history", script],
        "python": [python, script],
        "bwrap": BWRAP + ["--ro-bind", script, "/hello.py", python,
                          "/hello.py"],
    }, runs)
    return {name: stats(v) for name, v in times.items()}


def startup_as(user, stage, runs):
    """The start-up benchmark again, as an unprivileged user, from stage (a
    world-readable directory holding kiln, share/, bench.py and hi.sh)."""
    pw = pwd.getpwnam(user)
    argv = ["setpriv", "--reuid=%d" % pw.pw_uid, "--regid=%d" % pw.pw_gid,
            "--clear-groups", "--",
            "env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin",
            "HOME=" + stage, "XDG_CONFIG_HOME=" + os.path.join(stage, "xdg"),
            "LANG=C.UTF-8",
            sys.executable, os.path.join(stage, "bench.py"), "startup",
            "--kiln", os.path.join(stage, "kiln"),
            "--script", os.path.join(stage, "hi.sh"), "--runs", str(runs)]
    p = subprocess.run(argv, cwd=stage, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError((p.stderr.strip() or "exit %d" % p.returncode)[-400:])
    return json.loads(p.stdout)


# ---- the table -----------------------------------------------------------

ROWS = []


def row(label, kiln="", ref="", ratio=""):
    ROWS.append((label, kiln, ref, ratio))
    print("%-36s %-16s %-24s %s" % (label, kiln, ref, ratio), flush=True)


def ms(v):
    return "%.1f ms" % v


def rate(ms_):
    return "%.0f MiB/s" % (GIB / MIB / (ms_ / 1000))


def x(a, b):
    return "%.2fx" % (a / b)


def startup_rows(who, r):
    k, b, s = r["kiln"], r["bwrap"], r["bash"]
    row("sandbox start (%s), median" % who, ms(k["median"]),
        "bwrap " + ms(b["median"]), x(k["median"], b["median"]))
    row("  p10 .. p90", "%.1f .. %.1f" % (k["p10"], k["p90"]),
        "bwrap %.1f .. %.1f" % (b["p10"], b["p90"]))
    row("  against bare bash hi.sh, median", ms(k["median"]),
        "bash " + ms(s["median"]), x(k["median"], s["median"]))
    row("  kiln's own cost over bash", ms(k["median"] - s["median"]),
        "bwrap " + ms(b["median"] - s["median"]),
        x(k["median"] - s["median"], b["median"] - s["median"])
        if b["median"] > s["median"] else "")


def main_all(a):
    src = os.path.join(a.work, "flood.c")
    binary = os.path.join(a.work, "flood")
    hi = os.path.join(a.work, "hi.sh")
    hello_py = os.path.join(a.work, "hello.py")

    print("kiln benchmarks: %s (%s, %d CPUs, Linux %s)" % (
        a.name or a.kiln, subprocess.run([a.kiln, "--version"], capture_output=True,
                               text=True).stdout.strip(),
        os.cpu_count(), os.uname().release))
    print("ratio = kiln's time / the reference's time (1.00x: as fast; "
          "above: kiln slower)\n")
    row("benchmark", "kiln", "reference", "ratio")
    row("-" * 36, "-" * 16, "-" * 24, "-" * 6)
    failed = 0

    who = "root" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    try:
        startup_rows(who, startup(a.kiln, hi, a.start_runs))
    except (BenchError, OSError) as e:
        row("sandbox start (%s)" % who, "failed: %s" % e)
        failed = 1
    if a.user:
        try:
            startup_rows("unprivileged", startup_as(a.user, a.work,
                                                    a.start_runs))
        except (BenchError, OSError) as e:
            row("sandbox start (unprivileged)", "failed: %s" % e)
            failed = 1
    elif os.geteuid() == 0:
        row("sandbox start (unprivileged)", "skipped (no user to run as)")

    try:
        t = throughput(a.kiln, src, binary, a.work, a.flood_runs)
        row("output 1 GiB, run step (median/%d)" % t["runs"],
            rate(t["kiln_run_ms"]), "| cat " + rate(t["pipe_ms"]),
            x(t["kiln_run_ms"], t["pipe_ms"]))
        row("  end to end, with C compile", ms(t["kiln_total_ms"]),
            "| cat " + ms(t["pipe_ms"]), x(t["kiln_total_ms"], t["pipe_ms"]))
        row("  compile + sandbox set-up", ms(t["kiln_total_ms"] -
                                             t["kiln_run_ms"]))
        row("  kiln's own peak RSS (VmHWM)", "%.1f MiB" % (t["kiln_rss_kb"] /
                                                          1024))
        row("  kiln's own CPU time", "%.2f s" % t["kiln_cpu_s"])
    except (BenchError, OSError) as e:
        row("output 1 GiB", "failed: %s" % e)
        failed = 1

    try:
        h = hello(a.kiln, hello_py, a.python, a.hello_runs)
        row("python hello world, median", ms(h["kiln"]["median"]),
            "python3 " + ms(h["python"]["median"]),
            x(h["kiln"]["median"], h["python"]["median"]))
        row("  p10 .. p90", "%.1f .. %.1f" % (h["kiln"]["p10"],
                                              h["kiln"]["p90"]),
            "python3 %.1f .. %.1f" % (h["python"]["p10"],
                                      h["python"]["p90"]))
        row("  against bwrap python3, median", ms(h["kiln"]["median"]),
            "bwrap " + ms(h["bwrap"]["median"]),
            x(h["kiln"]["median"], h["bwrap"]["median"]))
    except (BenchError, OSError) as e:
        row("python hello world", "failed: %s" % e)
        failed = 1
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["all", "startup"])
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--work")
    ap.add_argument("--script")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--start-runs", type=int, default=50)
    ap.add_argument("--flood-runs", type=int, default=5)
    ap.add_argument("--hello-runs", type=int, default=30)
    ap.add_argument("--python", default="python3")
    ap.add_argument("--user")
    ap.add_argument("--name", help="the kiln to name in the heading")
    a = ap.parse_args()
    a.kiln = os.path.abspath(a.kiln)
    if a.mode == "startup":
        try:
            json.dump(startup(a.kiln, a.script, a.runs), sys.stdout)
        except (BenchError, OSError) as e:
            sys.exit(str(e))
        return 0
    return main_all(a)


if __name__ == "__main__":
    sys.exit(main())
