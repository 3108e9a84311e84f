#!/usr/bin/env python3
"""kh.py - the host side of the end-to-end tests (never runs test programs).

  kh.py run [OPTIONS] -- CMD...   run kiln (CMD) and watch it from the host
  kh.py get FILE KEY              print one field of kiln's --json object
  kh.py json1 FILE                check FILE holds exactly one JSON object
  kh.py listen tcp|tcp6|abstract ADDR LOG READY
                                  accept connections, log each one to LOG
  kh.py lines FILE N PREFIX       check FILE is exactly "PREFIX0".."PREFIXN-1"

`run` makes itself a child subreaper, so anything kiln leaves behind (even a
sandbox init that outlived kiln) is re-parented to it and can be found: the
host's own view, never the program's claim. While kiln runs it samples, every
50 ms, kiln's VmHWM (kiln's own peak RSS; getrusage would fold in the
sandboxed program), the number of tasks below kiln, and the host uids of the
sandbox's processes. The findings go to --meta as JSON.
"""
import argparse
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def proc_table():
    """pid -> dict(ppid, uid, threads, nsdepth, nspid1) for every host process."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/status" % name) as f:
                text = f.read()
        except OSError:
            continue
        info = {}
        for line in text.splitlines():
            key, _, val = line.partition(":")
            if key == "PPid":
                info["ppid"] = int(val)
            elif key == "Uid":
                info["uid"] = int(val.split()[0])
            elif key == "Threads":
                info["threads"] = int(val)
            elif key == "NSpid":
                ids = val.split()
                info["nsdepth"] = len(ids)
                info["nspid"] = int(ids[-1])
        if "ppid" in info:
            table[int(name)] = info
    return table


def descendants(table, root):
    """pids below root (root itself excluded)."""
    kids = {}
    for pid, info in table.items():
        kids.setdefault(info["ppid"], []).append(pid)
    out, todo = [], list(kids.get(root, []))
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        return ""


def status_fields(pid, keys):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key, _, val = line.partition(":")
                if key in keys:
                    out[key] = val.strip()
    except OSError:
        pass
    return out


def vm_hwm_kb(pid):
    v = status_fields(pid, ("VmHWM",)).get("VmHWM")
    return int(v.split()[0]) if v else 0


def meminfo(key):
    """A /proc/meminfo field, in kB."""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def reap_all():
    """Reaps every child that has exited (we are a subreaper)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def cmd_run(a):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    me = os.getpid()
    my_depth = proc_table().get(me, {}).get("nsdepth", 1)

    stdin = open(a.stdin_from, "rb") if a.stdin_from else subprocess.DEVNULL
    t0 = time.monotonic()
    p = subprocess.Popen(a.cmd, stdin=stdin, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    outs = {p.stdout.fileno(): open(a.out, "wb"), p.stderr.fileno(): open(a.err, "wb")}
    stamps, partial = [], b""
    meta = {"kiln_hwm_kb": 0, "max_tasks": 0, "max_procs": 0, "uids": [],
            "inspect": None, "leftovers": [], "marker_seen": False}
    uids = set()
    # the host's memory: Shmem (memfd, SysV shm, tmpfs) and what is available
    shmem0, avail0 = meminfo("Shmem"), meminfo("MemAvailable")
    meta["shmem_growth_kb"] = 0
    meta["memavail_drop_kb"] = 0
    acted = False
    next_poll = 0.0
    open_fds = set(outs)
    deadline = t0 + a.limit

    def act():
        nonlocal acted
        if a.action != "none":
            sig = {"kill": signal.SIGKILL, "term": signal.SIGTERM,
                   "hup": signal.SIGHUP, "int": signal.SIGINT}[a.action]
            os.kill(p.pid, sig)
        acted = True

    def poll():
        table = proc_table()
        below = descendants(table, me)
        meta["kiln_hwm_kb"] = max(meta["kiln_hwm_kb"], vm_hwm_kb(p.pid))
        meta["shmem_growth_kb"] = max(meta["shmem_growth_kb"], meminfo("Shmem") - shmem0)
        meta["memavail_drop_kb"] = max(meta["memavail_drop_kb"],
                                       avail0 - meminfo("MemAvailable"))
        procs = [q for q in below if q != p.pid]
        meta["max_procs"] = max(meta["max_procs"], len(procs))
        meta["max_tasks"] = max(meta["max_tasks"],
                                sum(table[q].get("threads", 1) for q in procs))
        for q in procs:
            info = table[q]
            # the sandbox's own processes, not its init (root until mapped)
            if info.get("nsdepth", 1) > my_depth and info.get("nspid") != 1:
                uids.add(info["uid"])
        if a.after is not None and not acted and time.monotonic() - t0 >= a.after:
            act()
        if a.marker and not acted:
            for q in procs:
                if a.marker in cmdline(q):
                    meta["marker_seen"] = True
                    meta["inspect"] = status_fields(q, (
                        "Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff",
                        "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "NSpid"))
                    act()
                    break

    exited_at = None
    while open_fds:
        now = time.monotonic()
        # kiln is gone: whatever still holds its pipes gets a second, no more
        if exited_at is None and p.poll() is not None:
            exited_at = now
        if exited_at is not None and now - exited_at > 1.0:
            meta["pipes_held_open"] = True
            break
        if now >= next_poll and p.poll() is None:
            poll()
            next_poll = now + 0.05
        if now > deadline:
            meta["harness_timeout"] = True
            p.kill()
            deadline = now + 3600
        ready, _, _ = select.select(list(open_fds), [], [], 0.05)
        for fd in ready:
            data = os.read(fd, 1 << 20)
            if not data:
                open_fds.discard(fd)
                continue
            outs[fd].write(data)
            if a.slow_reader and fd == p.stdout.fileno():
                time.sleep(0.001)
            if a.stamps and fd == p.stdout.fileno() and len(stamps) < 1000:
                t = time.monotonic() - t0
                partial += data
                while b"\n" in partial and len(stamps) < 1000:
                    line, partial = partial.split(b"\n", 1)
                    stamps.append([t, line.decode("utf-8", "replace")])
    while p.poll() is None:
        if time.monotonic() > deadline:
            meta["harness_timeout"] = True
            p.kill()
            deadline += 3600
        poll()
        time.sleep(0.05)
    for f in outs.values():
        f.close()
    meta["rc"] = p.returncode if p.returncode >= 0 else 128 - p.returncode
    meta["wall"] = time.monotonic() - t0
    meta["stamps"] = stamps
    meta["uids"] = sorted(uids)

    # Anything still below us now was left behind by the run.
    grace = time.monotonic() + a.grace
    while True:
        reap_all()
        left = descendants(proc_table(), me)
        if not left or time.monotonic() >= grace:
            break
        time.sleep(0.05)
    for q in left:
        meta["leftovers"].append("%d %s" % (q, cmdline(q)[:80]))
    for q in left:
        try:
            os.kill(q, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.1 if left else 0)
    reap_all()
    with open(a.meta, "w") as f:
        json.dump(meta, f)
    write_fields(meta, a.meta + ".d")
    return 0


def load1(path):
    """The one JSON value in path, or an exception."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    dec = json.JSONDecoder()
    obj, end = dec.raw_decode(text.lstrip())
    if text.lstrip()[end:].strip():
        raise ValueError("trailing data after the JSON object")
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    return obj


def cmd_get(a):
    try:
        obj = load1(a.file)
    except (ValueError, OSError) as e:
        print("<unparsable: %s>" % e)
        return 1
    for k in a.key.split("."):
        if not isinstance(obj, dict) or k not in obj:
            print("<missing>")
            return 1
        obj = obj[k]
    if obj is None:
        sys.stdout.write("null")
    elif isinstance(obj, bool):
        sys.stdout.write("true" if obj else "false")
    elif isinstance(obj, (int, float, str)):
        sys.stdout.write(str(obj))
    else:
        sys.stdout.write(json.dumps(obj))
    return 0


def cmd_split(a):
    """Writes each field of the JSON object in FILE to DIR/KEY (limits.x too)."""
    try:
        obj = load1(a.file)
    except (ValueError, OSError) as e:
        print(e)
        return 1
    write_fields(obj, a.dir)
    return 0


def write_fields(obj, dirname):
    """One file per field of obj in dirname (nested objects as key.sub)."""
    os.makedirs(dirname, exist_ok=True)
    flat = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            for k2, v2 in v.items():
                flat[k + "." + k2] = v2
        flat[k] = v
    for k, v in flat.items():
        if v is None:
            text = "null"
        elif isinstance(v, bool):
            text = "true" if v else "false"
        elif isinstance(v, (int, float, str)):
            text = str(v)
        else:
            text = json.dumps(v)
        with open(os.path.join(dirname, k), "w", encoding="utf-8",
                  errors="surrogateescape") as f:
            f.write(text)


def cmd_json1(a):
    try:
        load1(a.file)
    except (ValueError, OSError) as e:
        print(e)
        return 1
    return 0


def cmd_listen(a):
    """Records every accepted connection; runs until killed."""
    if a.kind == "abstract":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind("\0" + a.addr)
    else:
        fam = socket.AF_INET6 if a.kind == "tcp6" else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("::1" if fam == socket.AF_INET6 else "127.0.0.1", 0))
    s.listen(16)
    with open(a.ready, "w") as f:
        f.write(str(s.getsockname()[1]) if a.kind != "abstract" else a.addr)
    while True:
        c, peer = s.accept()
        with open(a.log, "a") as f:
            f.write("connection from %r\n" % (peer,))
        c.close()


def cmd_lines(a):
    """Checks FILE holds exactly PREFIX0 .. PREFIX(N-1), one a line."""
    with open(a.file, "rb") as f:
        got = f.read().decode("utf-8", "replace").split("\n")
    if got and got[-1] == "":
        got.pop()
    n = int(a.n)
    if len(got) != n:
        print("%d lines, want %d" % (len(got), n))
        return 1
    for i, line in enumerate(got):
        if line != "%s%d" % (a.prefix, i):
            print("line %d is %r" % (i + 1, line[:60]))
            return 1
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("--out", required=True)
    r.add_argument("--err", required=True)
    r.add_argument("--meta", required=True)
    r.add_argument("--stdin-from")
    r.add_argument("--stamps", action="store_true")
    r.add_argument("--slow-reader", action="store_true",
                   help="pause 1 ms after each read of stdout")
    r.add_argument("--marker", help="watch for a process with this in its argv")
    r.add_argument("--action", default="none",
                   choices=("none", "kill", "term", "hup", "int"),
                   help="what to send kiln when the marker shows up (or --after)")
    r.add_argument("--after", type=float,
                   help="seconds after which kiln gets --action (no marker needed)")
    r.add_argument("--grace", type=float, default=0.0,
                   help="seconds leftovers get to go away after kiln exits")
    r.add_argument("--limit", type=float, default=120.0,
                   help="the harness's own time limit for kiln")
    r.add_argument("cmd", nargs="+")
    g = sub.add_parser("get")
    g.add_argument("file")
    g.add_argument("key")
    sp = sub.add_parser("split")
    sp.add_argument("file")
    sp.add_argument("dir")
    j = sub.add_parser("json1")
    j.add_argument("file")
    li = sub.add_parser("listen")
    li.add_argument("kind", choices=("tcp", "tcp6", "abstract"))
    li.add_argument("addr")
    li.add_argument("log")
    li.add_argument("ready")
    ln = sub.add_parser("lines")
    ln.add_argument("file")
    ln.add_argument("n")
    ln.add_argument("prefix")
    a = ap.parse_args()
    return {"run": cmd_run, "get": cmd_get, "json1": cmd_json1, "split": cmd_split,
            "listen": cmd_listen, "lines": cmd_lines}[a.what](a)


if __name__ == "__main__":
    sys.exit(main())
