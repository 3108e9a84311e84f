#!/usr/bin/env python3
"""bench.py - kiln's benchmarks; tests/bench/bench.sh sets the stage and runs it.

It prints figures side by side and asserts nothing about timings: machines
are noisy. Every ratio is kiln's time divided by the reference's time, so
1.00x is parity and 1.30x means kiln took 30% longer.

    bench.py all --kiln KILN --work DIR [--user NAME]
    bench.py history --kiln KILN --work DIR    (only the history rows)
    bench.py hview --kiln KILN --work DIR      (only the history browser)
    bench.py queue --kiln KILN --work DIR      (only the queue, kiln serve)
    bench.py startup --kiln KILN --script FILE [--runs N]   (JSON on stdout)
"""
import argparse
import hashlib
import json
import os
import pwd
import random
import re
import selectors
import socket
import statistics
import struct
import subprocess
import sys
import time

try:
    import sqlite3
except ImportError:		# a python3 built without it: no history rows
    sqlite3 = None

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
        # A program that writes forever is what the analyzer is for; here
        # it is the point, so the policy is off (the analysis still runs).
        p = subprocess.Popen([kiln, "run", "--no-history", "--output-limit",
                              "2G", "--timeout", "120", "--ask-at", "never",
                              "--block-at", "never", source],
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


# ---- the history ----------------------------------------------------------

# What history_list in src/history.c selects, so that the SQL reference
# reads exactly what kiln reads.
HISTORY_COLUMNS = (
    "id, created_ms, finished_ms, user, language, runtime_version, code,"
    " code_sha256, stdin, stdin_truncated, status, exit_code, signal,"
    " violation, wall_ms, cpu_ms, peak_memory_kb, stdout, stderr,"
    " compile_output, output_truncated, timeout_ms, cpu_limit_ms,"
    " memory_kb, pids, output_bytes, file_bytes, open_files, disk_bytes,"
    " timeline, risk, warnings, decision, decided_by, decided_ms,"
    " decided_how, decision_reason, rerun_of")

# (language, weight, code template, stdout template, compiled)
HISTORY_LANGS = [
    ("python", 40, "import sys\n\ndef f(n):\n    return sum(range(n))\n\n"
     "for i in range({n}):\n    print(i, f(i))\n", "{i} {s}\n", False),
    ("bash", 15, "#!/bin/bash\nfor i in $(seq 1 {n}); do\n  echo \"line "
     "$i\"\ndone\n", "line {i}\n", False),
    ("c", 15, "#include <stdio.h>\n\nint\nmain(void)\n{{\n\tfor (int i = 0; "
     "i < {n}; i++)\n\t\tprintf(\"%d\\n\", i * i);\n\treturn 0;\n}}\n",
     "{sq}\n", True),
    ("javascript", 15, "const n = {n};\nfor (let i = 0; i < n; i++)\n  "
     "console.log(`value ${{i}}`);\n", "value {i}\n", False),
    ("go", 8, "package main\n\nimport \"fmt\"\n\nfunc main() {{\n\tfor i := "
     "0; i < {n}; i++ {{\n\t\tfmt.Println(\"go\", i)\n\t}}\n}}\n",
     "go {i}\n", True),
    ("rust", 7, "fn main() {{\n    for i in 0..{n} {{\n        println!(\""
     "rust {{}}\", i);\n    }}\n}}\n", "rust {i}\n", True),
]

HISTORY_STATUSES = [("ok", 70), ("error", 12), ("timeout", 4),
                    ("memory-limit", 3), ("signaled", 3), ("violation", 2),
                    ("compile-error", 3), ("output-limit", 1),
                    ("interrupted", 2)]

# The words searched for: one run holds RARE_WORD, one in a hundred
# COMMON_WORD (in its standard error).
RARE_WORD = "xylophone"
COMMON_WORD = "ZeroDivisionError"


def history_rows(n, now_ms, seed=1):
    """n realistic finished runs, oldest first, as tuples for INSERT."""
    rnd = random.Random(seed)
    langs = [l for l in HISTORY_LANGS for _ in range(l[1])]
    statuses = [s for s, w in HISTORY_STATUSES for _ in range(w)]
    t = now_ms - n * 60000		# one a minute, ending now
    for i in range(n):
        name, _, code_t, out_t, compiled = rnd.choice(langs)
        status = rnd.choice(statuses)
        k = rnd.randint(2, 40)
        code = code_t.format(n=k)
        lines = rnd.randint(1, 8)
        out = "".join(out_t.format(i=j, s=j * (j - 1) // 2, sq=j * j)
                      for j in range(lines))
        err = ""
        exit_code, signal, violation = 0, None, None
        if i == n // 2:
            out += "the %s played on\n" % RARE_WORD
        if i % 100 == 7:
            err = ("Traceback (most recent call last):\n  File "
                   "\"/work/main.py\", line 3, in <module>\n    print(1 / "
                   "0)\n%s: division by zero\n" % COMMON_WORD)
            status, exit_code = "error", 1
        elif status == "error":
            exit_code = rnd.choice([1, 2, 3])
            err = "error: something went wrong on line %d\n" % rnd.randint(
                1, 9)
        elif status in ("timeout", "memory-limit", "output-limit"):
            exit_code, signal = None, 9
        elif status == "signaled":
            exit_code, signal = None, rnd.choice([6, 11, 15])
        elif status == "violation":
            violation = rnd.choice(["mount", "unshare", "ptrace"])
        elif status == "compile-error":
            exit_code = None
            out = ""
        elif status == "interrupted":
            exit_code, out = None, ""
        wall = rnd.randint(2, 3000) if status != "timeout" else 10000
        cpu = min(wall, rnd.randint(1, 2500))
        peak = rnd.randint(2000, 200000)
        npoints = max(1, wall // 250) if wall >= 250 else 0
        timeline = None
        if npoints:
            timeline = b"".join(struct.pack(
                "<III", (p + 1) * 250, cpu * (p + 1) // npoints,
                rnd.randint(1000, peak)) for p in range(min(npoints, 512)))
        created = t + i * 60000
        yield (created, created + wall + 5, "bench", name,
               "%s 1.0" % name, code,
               hashlib.sha256(code.encode()).hexdigest(), None, 0, status,
               exit_code, signal, violation, wall, cpu, peak, out, err,
               ("" if compiled else None), 0, 10000, 10000, 262144, 64,
               1048576, 67108864, 256, 67108864, timeline)


def history_fill(db, n):
    """Adds n runs to db (a history kiln created) in one transaction."""
    con = sqlite3.connect(db)
    t0 = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO runs (created_ms, finished_ms, user, language, "
            "runtime_version, code, code_sha256, stdin, stdin_truncated, "
            "status, exit_code, signal, violation, wall_ms, cpu_ms, "
            "peak_memory_kb, stdout, stderr, compile_output, "
            "output_truncated, timeout_ms, cpu_limit_ms, memory_kb, pids, "
            "output_bytes, file_bytes, open_files, disk_bytes, timeline) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            history_rows(n, int(time.time() * 1000)))
    ms = (time.perf_counter() - t0) * 1000
    count = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    con.close()
    return ms, count


def sql_times(fn, runs):
    """fn() `runs` times, each on a fresh connection as a new kiln has it;
    the stats of the times in ms, and fn's last result."""
    times = []
    for _ in range(runs + 1):
        t0 = time.perf_counter_ns()
        r = fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return stats(times[1:]), r


def sql_list(db, where="", args=(), limit=50):
    """The rows history_list reads for a filter (fresh connection)."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT %s FROM runs WHERE 1%s ORDER BY id DESC%s" % (
        HISTORY_COLUMNS, where, " LIMIT %d" % limit if limit else ""),
        args).fetchall()
    con.close()
    return rows


def sql_page_all(db, page=50):
    """Keyset paging from the newest run to the oldest: (pages, runs)."""
    con = sqlite3.connect(db)
    before, pages, seen = None, 0, 0
    while True:
        if before is None:
            rows = con.execute("SELECT %s FROM runs ORDER BY id DESC "
                               "LIMIT ?" % HISTORY_COLUMNS,
                               (page,)).fetchall()
        else:
            rows = con.execute("SELECT %s FROM runs WHERE id < ? ORDER BY "
                               "id DESC LIMIT ?" % HISTORY_COLUMNS,
                               (before, page)).fetchall()
        if not rows:
            break
        pages += 1
        seen += len(rows)
        before = rows[-1][0]
    con.close()
    return pages, seen


GREP_SQL = " AND id IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH ?)"


def fts_phrase(text):
    """What history.c makes of a search: one quoted FTS5 phrase."""
    return '"' + text.replace('"', '""') + '"'


def kiln_history(kiln):
    """The help of `kiln history list`, or None when this kiln lacks it."""
    try:
        p = subprocess.run([kiln, "history", "--help"], capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            return None
        q = subprocess.run([kiln, "history", "list", "--help"],
                           capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
    except OSError:
        return None
    return p.stdout + q.stdout


def cli_times(argv, runs):
    """Stats of `runs` runs of argv (after one warm-up), in ms."""
    run_once(argv)
    return stats([run_once(argv) for _ in range(runs)])


def history_bench(kiln, work, hi, n, runs, record_runs):
    """Every history figure: {name: value}; raises BenchError."""
    r = {"n": n}
    db = os.path.join(work, "history-bench.db")
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
    # kiln makes the schema (one real run), then the rest are written fast.
    run_once([kiln, "run", "--db", db, hi])
    r["fill_ms"], r["count"] = history_fill(db, n - 1)
    if r["count"] != n:
        raise BenchError("the history holds %d runs, not %d" % (r["count"],
                                                               n))
    r["db_mib"] = os.path.getsize(db) / MIB
    oldest = sqlite3.connect(db).execute(
        "SELECT id FROM runs ORDER BY id LIMIT 1 OFFSET 50").fetchone()[0]

    r["sql_newest"], rows = sql_times(lambda: sql_list(db), runs)
    if len(rows) != 50:
        raise BenchError("the newest page has %d runs" % len(rows))
    r["sql_oldest"], rows = sql_times(
        lambda: sql_list(db, " AND id < ?", (oldest + 1,)), runs)
    t0 = time.perf_counter_ns()
    r["pages"], seen = sql_page_all(db)
    r["sql_walk_ms"] = (time.perf_counter_ns() - t0) / 1e6
    if seen != n:
        raise BenchError("paging saw %d runs of %d" % (seen, n))
    for key, word in (("rare", RARE_WORD), ("common", COMMON_WORD)):
        r["sql_grep_" + key], rows = sql_times(
            lambda w=word: sql_list(db, GREP_SQL, (fts_phrase(w),)), runs)
        r["hits_" + key] = len(sql_list(db, GREP_SQL, (fts_phrase(word),),
                                        limit=0))
        if r["hits_" + key] == 0:
            raise BenchError("no run holds %s" % word)

    # The same through kiln history, when this kiln has it.
    helptext = kiln_history(kiln)
    r["cli"] = helptext is not None
    if helptext is not None:
        base = [kiln, "history", "list", "--db", db]
        r["cli_newest"] = cli_times(base + ["--limit", "50"], runs)
        m = re.search(r"--before[-\w]*", helptext)
        if m:
            r["cli_oldest"] = cli_times(
                base + ["--limit", "50", m.group(0), str(oldest + 1)], runs)
        for key, word in (("rare", RARE_WORD), ("common", COMMON_WORD)):
            r["cli_grep_" + key] = cli_times(
                base + ["--limit", "50", "--grep", word], runs)
        r["cli_all"] = cli_times(base + ["--limit", "0"], 3)
    r["version"] = cli_times([kiln, "--version"], runs)

    # What recording costs a run: into a new history, and into this one.
    small = os.path.join(work, "history-small.db")
    times = interleaved({
        "history": [kiln, "run", "--db", small, hi],
        "big": [kiln, "run", "--db", db, hi],
        "none": [kiln, "run", "--no-history", hi],
    }, record_runs)
    r["record"] = {k: stats(v) for k, v in times.items()}
    return r


def history_table(r):
    """The rows of the table for history_bench's figures."""
    n = r["n"]
    row("history of {:,} runs ({:.0f} MiB)".format(n, r["db_mib"]),
        "filled in %.1f s" % (r["fill_ms"] / 1000), "python3 sqlite3")

    def cli_row(label, key, sql):
        c = r.get(key)
        if c is None:
            row(label, "n/a" if r["cli"] else "no kiln history",
                "sqlite3 " + ms(sql["median"]))
        else:
            row(label, ms(c["median"]), "sqlite3 " + ms(sql["median"]),
                x(c["median"], sql["median"]))

    cli_row("  list newest 50, median", "cli_newest", r["sql_newest"])
    cli_row("  list oldest 50 (keyset), median", "cli_oldest",
            r["sql_oldest"])
    row("  page newest to oldest, by 50", "%d pages" % r["pages"],
        "sqlite3 " + ms(r["sql_walk_ms"]),
        "%.2f ms/page" % (r["sql_walk_ms"] / r["pages"]))
    cli_row("  search, 1 run holds the word", "cli_grep_rare",
            r["sql_grep_rare"])
    cli_row("  search, %d hits, newest 50" % r["hits_common"],
            "cli_grep_common", r["sql_grep_common"])
    if r.get("cli_all") is not None:
        row("  list all {:,} runs (--limit 0)".format(n),
            ms(r["cli_all"]["median"]))
    if r["cli"]:
        row("  kiln --version (process start)", ms(r["version"]["median"]))
    rec = r["record"]
    h, b, none = rec["history"], rec["big"], rec["none"]
    row("kiln run hi.sh, recorded, median", ms(h["median"]),
        "--no-history " + ms(none["median"]), x(h["median"], none["median"]))
    row("  p10 .. p90", "%.1f .. %.1f" % (h["p10"], h["p90"]),
        "--no-history %.1f .. %.1f" % (none["p10"], none["p90"]))
    row("  recording cost per run", ms(h["median"] - none["median"]))
    row("  into the {:,}-run history".format(n), ms(b["median"]),
        "--no-history " + ms(none["median"]), x(b["median"], none["median"]))


def history_rows_safe(a):
    if sqlite3 is None:
        row("history", "failed: %s has no sqlite3 module" % sys.executable)
        return 1
    try:
        history_table(history_bench(a.kiln, a.work,
                                    os.path.join(a.work, "hi.sh"),
                                    a.history_runs, a.history_reps,
                                    a.record_runs))
        return 0
    except (BenchError, OSError, sqlite3.Error) as e:
        msg = " ".join(str(e).split())
        row("history", "failed: %s" % (msg[:200] + "..." if len(msg) > 200
                                        else msg))
        return 1


# ---- the analyzer ----------------------------------------------------------

ANALYZE_EXT = {"python": ".py", "javascript": ".js", "go": ".go",
               "bash": ".sh", "c": ".c"}
ANALYZE_GOAL_MS = 20.0


def analyze_stats(kiln, path, lang):
    """kiln analyze --stats: (loading, jit, matching) in ms."""
    p = subprocess.run([kiln, "analyze", "--stats", "--json", "--lang", lang,
                        path], capture_output=True, text=True)
    if p.returncode not in (0, 1, 2):
        raise BenchError("kiln analyze %s: %s" % (path, p.stderr[-300:]))
    m = re.search(r"loading ([0-9.]+) ms, JIT ([0-9.]+) ms, "
                  r"matching ([0-9.]+) ms", p.stderr)
    if not m:
        raise BenchError("kiln analyze --stats said: %s" % p.stderr[-300:])
    return [float(v) for v in m.groups()]


def analyze_bench(kiln, work, corpus, runs):
    """A 1 MiB source per language, made of the corpus's ordinary
    programs repeated, and the whole corpus file by file."""
    out = {"big": {}, "corpus": None}
    for lang, ext in ANALYZE_EXT.items():
        d = os.path.join(corpus, "benign", lang)
        parts = sorted(os.listdir(d)) if os.path.isdir(d) else []
        text = "".join(open(os.path.join(d, f), encoding="utf-8").read()
                       for f in parts if f.endswith(ext))
        if not text:
            continue
        # 1 MB (kiln runs sources up to 1 MiB), cut at a line's end.
        data = (text.encode() * (1000000 // len(text.encode()) + 1))
        data = data[:data.rindex(b"\n", 0, 1000000) + 1]
        big = os.path.join(work, "big" + ext)
        with open(big, "wb") as f:
            f.write(data)
        samples = [analyze_stats(kiln, big, lang) for _ in range(runs)]
        out["big"][lang] = {
            "match": statistics.median(s[2] for s in samples),
            "jit": statistics.median(s[1] for s in samples),
            "load": statistics.median(s[0] for s in samples)}
    files = []
    for top, _, names in os.walk(corpus):
        for n in names:
            lang = {v: k for k, v in ANALYZE_EXT.items()}.get(
                os.path.splitext(n)[1])
            if lang:
                files.append((os.path.join(top, n), lang))
    if files:
        t0 = time.perf_counter_ns()
        tot = [0.0, 0.0, 0.0]
        for path, lang in files:
            tot = [x + y for x, y in zip(tot, analyze_stats(kiln, path,
                                                              lang))]
        wall = (time.perf_counter_ns() - t0) / 1e6
        out["corpus"] = {"files": len(files), "load": tot[0],
                         "match": tot[2], "wall": wall}
    return out


def analyze_rows(a):
    """The analyzer's rows; 1 if the benchmark failed."""
    if not a.corpus or not os.path.isdir(a.corpus):
        row("analyzer", "skipped (no corpus)")
        return 0
    try:
        r = analyze_bench(a.kiln, a.work, a.corpus, a.analyze_runs)
    except (BenchError, OSError) as e:
        row("analyzer", "failed: %s" % e)
        return 1
    for lang, b in r["big"].items():
        row("analyze 1 MB of %s, median" % lang, ms(b["match"]),
            "goal " + ms(ANALYZE_GOAL_MS), x(b["match"], ANALYZE_GOAL_MS))
        row("  JIT compile, rule loading", ms(b["jit"]), ms(b["load"]))
    c = r["corpus"]
    if c:
        row("analyze the corpus: %d files" % c["files"], ms(c["match"]),
            "loading rules " + ms(c["load"]))
        row("  per file, kiln analyze end to end", ms(c["wall"] /
                                                      c["files"]))
    return 0


# ---- the workbench ---------------------------------------------------------

class Tmux:
    """A tmux server of the bench's own, with one pane."""

    def __init__(self, work, cmd, size=(120, 40)):
        self.sock = os.path.join(work, "tmux.sock")
        self.tm(["kill-server"], check=False)
        # A server on its way out can refuse the new session: try again.
        for _ in range(20):
            p = self.tm(["-f", "/dev/null", "new-session", "-d", "-s", "b",
                         "-x", str(size[0]), "-y", str(size[1]), cmd],
                        check=False)
            if p.returncode == 0:
                return
            time.sleep(0.1)
        raise BenchError("tmux: %s" % p.stderr.strip())

    def tm(self, args, check=True):
        return subprocess.run(["tmux", "-S", self.sock] + args,
                              capture_output=True, text=True, check=check)

    def screen(self):
        return self.tm(["capture-pane", "-p", "-t", "b"], check=False).stdout

    def keys(self, *k, literal=False):
        self.tm(["send-keys", "-t", "b"] + (["-l"] if literal else []) +
                list(k))

    def wait(self, text, timeout=10.0):
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if text in self.screen():
                return time.perf_counter() - t0
            time.sleep(0.002)
        raise BenchError("the screen never showed %r" % text)

    def close(self):
        self.tm(["kill-server"], check=False)


def key_latency(tm, runs, prefix):
    """ms from send-keys until capture-pane shows the typed text."""
    out = []
    for i in range(runs):
        word = "%s%d" % (prefix, i)
        t0 = time.perf_counter()
        tm.keys(word, literal=True)
        tm.wait(word)
        out.append((time.perf_counter() - t0) * 1000)
        tm.keys("BSpace", *(["BSpace"] * (len(word) - 1)))
        time.sleep(0.02)
    return stats(out)


def kiln_pid(name):
    """The pid of the workbench: the kiln with name on its command line."""
    p = subprocess.run(["pgrep", "-f", name], capture_output=True,
                       text=True)
    for pid in p.stdout.split():
        try:
            with open("/proc/%s/comm" % pid) as f:
                if f.read().strip() == "kiln":
                    return int(pid)
        except OSError:
            continue
    return None


def tui_bench(kiln, work, runs):
    """Keystroke-to-screen latency, idle and during a flood of output, with
    kiln's CPU and memory meanwhile; tmux echoing through cat as the
    reference for what the terminal path itself costs."""
    r = {}
    tm = Tmux(work, "cat")
    try:
        r["cat"] = key_latency(tm, runs, "catkey")
    finally:
        tm.close()
    src = os.path.join(work, "tuibench.py")
    with open(src, "w") as f:
        f.write("i = 0\nwhile True:\n    print('flood', i)\n    i += 1\n")
    env = "XDG_DATA_HOME=%s XDG_CONFIG_HOME=%s TERM=xterm-256color " \
          "LANG=C.UTF-8" % (os.path.join(work, "xdg-data"),
                            os.path.join(work, "xdg"))
    tm = Tmux(work, "env %s %s --no-history %s" % (env, kiln, src))
    try:
        tm.wait("F5Run")
        tm.keys("C-End")
        tm.keys("Enter")
        tm.keys("#", literal=True)
        r["idle"] = key_latency(tm, runs, "idlekey")
        tm.keys("F5")
        tm.wait("flood")
        pid = kiln_pid("tuibench.py")
        t0 = time.perf_counter()
        c0 = proc_status(pid)[1] if pid else 0.0
        r["flood"] = key_latency(tm, runs, "floodkey")
        st = proc_status(pid) if pid else None
        wall = time.perf_counter() - t0
        r["flood_cpu"] = 100.0 * (st[1] - c0) / wall if st else None
        r["flood_rss_kb"] = st[0] if st else None
        tm.keys("F6")
    finally:
        tm.close()
    return r


def tui_rows(a):
    """The workbench's rows; 1 if the benchmark failed."""
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        row("workbench", "skipped (no tmux)")
        return 0
    try:
        r = tui_bench(a.kiln, a.work, a.tui_runs)
    except (BenchError, OSError, subprocess.CalledProcessError) as e:
        row("workbench", "failed: %s" % e)
        return 1
    row("keystroke to screen, idle, median", ms(r["idle"]["median"]),
        "tmux+cat " + ms(r["cat"]["median"]),
        x(r["idle"]["median"], r["cat"]["median"]))
    row("  during a flood of output, median", ms(r["flood"]["median"]),
        "tmux+cat " + ms(r["cat"]["median"]),
        x(r["flood"]["median"], r["cat"]["median"]))
    row("  p90 during the flood", ms(r["flood"]["p90"]))
    if r["flood_cpu"] is not None:
        row("  kiln's CPU during the flood", "%.0f%% of a core" %
            r["flood_cpu"])
        row("  kiln's peak RSS (VmHWM)", "%.1f MiB" %
            (r["flood_rss_kb"] / 1024))
    return 0


# ---- the history browser (F7) ----------------------------------------------

ROW_RE = re.compile(r"row ([0-9,]+) of ([0-9,]+)")


def hview_row(tm):
    """The browser's "row N of M" as (N, M), or None when not on screen."""
    m = ROW_RE.search(tm.screen())
    if m is None:
        return None
    return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))


def hview_wait(tm, pred, timeout=10.0):
    """Seconds until pred(hview_row(tm)) holds; raises BenchError."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if pred(hview_row(tm)):
            return time.perf_counter() - t0
        time.sleep(0.002)
    raise BenchError("the history browser never showed the row it should "
                     "(last: %r)" % (hview_row(tm),))


def cat_floor(work, runs):
    """ms from sending `cat` of a 50-line file to tmux until its last line
    shows: the terminal's own floor for drawing a screenful."""
    path = os.path.join(work, "fifty.txt")
    with open(path, "w") as f:
        f.write("".join("line %d of the file %s\n" % (i, "x" * 60)
                        for i in range(1, 51)))
    tm = Tmux(work, "sh")
    out = []
    try:
        time.sleep(0.3)
        for i in range(runs + 1):
            tm.keys("clear", "Enter")
            t0 = time.perf_counter()
            while "line 50 of" in tm.screen():
                if time.perf_counter() - t0 > 10:
                    raise BenchError("the screen did not clear")
                time.sleep(0.002)
            t0 = time.perf_counter()
            tm.keys("cat %s" % path, "Enter")
            tm.wait("line 50 of")
            if i > 0:		# the first is a warm-up
                out.append((time.perf_counter() - t0) * 1000)
    finally:
        tm.close()
    return stats(out)


def hview_bench(kiln, work, hi, n, runs, presses):
    """The browser over a history of n runs: opening it (F7 until the table
    shows), End (until the oldest run's row shows, one query from the far
    end) and PgDn (each press until the next page's row shows); `kiln
    history list --limit 50` and tmux+cat as the references."""
    r = {"n": n, "fill_ms": None}
    # The history section's database, when it ran just before (a few more
    # runs than n: it records into it); else one made the same way.
    db = os.path.join(work, "history-bench.db")
    have = 0
    if os.path.exists(db):
        con = sqlite3.connect(db)
        have = con.execute("SELECT count(*) FROM runs").fetchone()[0]
        con.close()
    if have < n:
        db = os.path.join(work, "hview-bench.db")
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.unlink(f)
        run_once([kiln, "run", "--db", db, hi])
        r["fill_ms"], have = history_fill(db, n - 1)
        if have != n:
            raise BenchError("the history holds %d runs, not %d" % (have,
                                                                   n))
    r["n"] = n = have
    r["cli"] = cli_times([kiln, "history", "list", "--db", db, "--limit",
                          "50"], runs)
    r["cat"] = cat_floor(work, runs)
    src = os.path.join(work, "hview.py")
    with open(src, "w") as f:
        f.write("print('hello')\n")
    env = "XDG_DATA_HOME=%s XDG_CONFIG_HOME=%s TERM=xterm-256color " \
          "LANG=C.UTF-8" % (os.path.join(work, "xdg-data"),
                            os.path.join(work, "xdg"))
    tm = Tmux(work, "env %s %s --db %s %s" % (env, kiln, db, src))
    opened, ends, pgdn = [], [], []
    try:
        tm.wait("F5Run")
        for i in range(runs + 1):
            t0 = time.perf_counter()
            tm.keys("F7")
            hview_wait(tm, lambda v: v is not None and v[0] == 1 and
                       v[1] == n)
            if i > 0:
                opened.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            tm.keys("End")
            hview_wait(tm, lambda v: v is not None and v[0] == n)
            if i > 0:
                ends.append((time.perf_counter() - t0) * 1000)
            if not re.search(r"(?m)^ *1  ", tm.screen()):
                raise BenchError("End did not show run 1")
            tm.keys("Home")
            hview_wait(tm, lambda v: v is not None and v[0] == 1)
            tm.keys("Escape")
            tm.wait("F5Run")
        tm.keys("F7")
        hview_wait(tm, lambda v: v is not None and v[0] == 1)
        last = 1
        for i in range(presses):
            t0 = time.perf_counter()
            tm.keys("PageDown")
            hview_wait(tm, lambda v, was=last: v is not None and
                       v[0] > was)
            pgdn.append((time.perf_counter() - t0) * 1000)
            last = hview_row(tm)[0]
        r["pgdn_row"] = last
        pid = kiln_pid(src)
        st = proc_status(pid) if pid else None
        r["rss_kb"] = st[0] if st else None
    finally:
        tm.close()
    r["open"], r["end"], r["pgdn"] = stats(opened), stats(ends), stats(pgdn)
    return r


def hview_rows(a):
    """The history browser's rows; 1 if the benchmark failed."""
    if subprocess.run(["which", "tmux"], capture_output=True).returncode:
        row("history browser", "skipped (no tmux)")
        return 0
    if sqlite3 is None:
        row("history browser", "failed: %s has no sqlite3 module" %
            sys.executable)
        return 1
    try:
        r = hview_bench(a.kiln, a.work, os.path.join(a.work, "hi.sh"),
                        a.history_runs, a.hview_runs, a.hview_presses)
    except (BenchError, OSError, subprocess.CalledProcessError,
            sqlite3.Error) as e:
        row("history browser", "failed: %s" % " ".join(str(e).split()))
        return 1
    cli, cat = r["cli"]["median"], r["cat"]["median"]
    row("history browser, {:,} runs".format(r["n"]),
        "filled in %.1f s" % (r["fill_ms"] / 1000) if r["fill_ms"] else
        "the file above", "python3 sqlite3" if r["fill_ms"] else "")
    row("  F7 until the table shows, median", ms(r["open"]["median"]),
        "history list " + ms(cli), x(r["open"]["median"], cli))
    row("  against the terminal's floor", ms(r["open"]["median"]),
        "tmux+cat 50 lines " + ms(cat), x(r["open"]["median"], cat))
    row("  End until run 1 shows, median", ms(r["end"]["median"]),
        "history list " + ms(cli), x(r["end"]["median"], cli))
    row("  PgDn, per press, median (%d)" % r["pgdn"]["n"],
        ms(r["pgdn"]["median"]), "tmux+cat 50 lines " + ms(cat),
        x(r["pgdn"]["median"], cat))
    row("  p10 .. p90 of PgDn", "%.1f .. %.1f" % (r["pgdn"]["p10"],
                                                  r["pgdn"]["p90"]),
        "(to row {:,})".format(r["pgdn_row"]))
    if r["rss_kb"] is not None:
        row("  kiln's peak RSS (VmHWM)", "%.1f MiB" % (r["rss_kb"] / 1024))
    return 0


# ---- the shared queue (kiln serve) -----------------------------------------


class QueueConn:
    """One connection to kiln serve: line-delimited JSON both ways."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(path)
        self.buf = b""

    def send(self, *msgs):
        self.sock.sendall(b"".join(json.dumps(m).encode() + b"\n"
                                   for m in msgs))

    def next(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise BenchError("kiln serve closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def close(self):
        self.sock.close()


def queue_server(kiln, work, workers):
    """Starts kiln serve in work/queue; (process, socket path)."""
    qd = os.path.join(work, "queue")
    os.makedirs(qd, exist_ok=True)
    conf = os.path.join(qd, "serve.conf")
    with open(conf, "w") as f:
        f.write("[serve]\nmax_pending = 100000\nmax_per_hour = 1000000\n")
    sock = os.path.join(qd, "kiln.sock")
    log = open(os.path.join(qd, "serve.log"), "wb")
    p = subprocess.Popen([kiln, "serve", "--socket", sock, "--db",
                          os.path.join(qd, "queue.db"), "--config", conf,
                          "--workers", str(workers)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=log)
    end = time.monotonic() + 10
    while True:
        try:
            QueueConn(sock).close()
            return p, sock
        except OSError:
            if p.poll() is not None or time.monotonic() > end:
                p.kill()
                p.wait()
                with open(os.path.join(qd, "serve.log"), "rb") as f:
                    raise BenchError("kiln serve did not start: %s" % (
                        f.read().decode(errors="replace").strip()[-300:]
                        or "exit %s" % p.returncode))
            time.sleep(0.02)


def queue_stop(p):
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def queue_throughput(sock, code, n, conns=4):
    """Submits n runs of code at once over conns connections (pipelined,
    each watched); ms until every submission was accepted, and until every
    run had finished."""
    cs = [QueueConn(sock) for _ in range(conns)]
    left = {}			# per connection: replies still to come
    t0 = time.perf_counter_ns()
    for i, c in enumerate(cs):
        k = n // conns + (1 if i < n % conns else 0)
        c.send(*({"op": "submit", "code": code, "lang": "bash",
                  "watch": True} for _ in range(k)))
        left[c] = k
    accepted_at = None
    replies, finished, ids = 0, set(), set()
    sel = selectors.DefaultSelector()
    for c in cs:
        sel.register(c.sock, selectors.EVENT_READ, c)
    while len(finished) < n:
        for key, _ in sel.select(60):
            c = key.data
            chunk = c.sock.recv(1 << 16)
            if not chunk:
                raise BenchError("kiln serve closed a connection")
            c.buf += chunk
            while b"\n" in c.buf:
                line, c.buf = c.buf.split(b"\n", 1)
                m = json.loads(line)
                if m.get("reply") == "submit":
                    if not m.get("ok"):
                        raise BenchError("submit refused: %s" %
                                         m.get("error"))
                    ids.add(m["id"])
                    replies += 1
                    if replies == n:
                        accepted_at = time.perf_counter_ns()
                elif m.get("event") == "finished":
                    if m.get("exit") != 0:
                        raise BenchError("run %s exited %s" % (
                            m.get("id"), m.get("exit")))
                    finished.add(m["id"])
        if time.perf_counter_ns() - t0 > 300e9:
            raise BenchError("%d of %d runs finished in 300 s" % (
                len(finished), n))
    done = time.perf_counter_ns()
    for c in cs:
        c.close()
    if finished != ids:
        raise BenchError("finished runs differ from the submitted ones")
    return (accepted_at - t0) / 1e6, (done - t0) / 1e6


def queue_cli(kiln, sock, script, n, parallel=4):
    """n `kiln submit` processes, parallel at a time: ms until all had
    their id (accepted, not run)."""
    env = dict(os.environ, KILN_SOCKET=sock)
    t0 = time.perf_counter_ns()
    running = []
    started = 0
    while started < n or running:
        while started < n and len(running) < parallel:
            running.append(subprocess.Popen(
                [kiln, "submit", script], env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            started += 1
        p = running.pop(0)
        err = p.communicate()[1]
        if p.returncode != 0:
            raise BenchError("kiln submit exited %d: %s" % (
                p.returncode, err.decode(errors="replace").strip()[-300:]))
    return (time.perf_counter_ns() - t0) / 1e6


def queue_drain(sock, timeout=300):
    """Waits until the queue is empty."""
    c = QueueConn(sock)
    end = time.monotonic() + timeout
    try:
        while True:
            c.send({"op": "queue"})
            m = c.next()
            while "reply" not in m:
                m = c.next()
            if not m.get("runs"):
                return
            if time.monotonic() > end:
                raise BenchError("the queue did not empty")
            time.sleep(0.05)
    finally:
        c.close()


def queue_latency(sock, code, runs):
    """On an idle server, one run at a time: ms from sending submit to its
    state running event, and to its first output."""
    c = QueueConn(sock)
    to_run, to_out = [], []
    try:
        for _ in range(runs):
            t0 = time.perf_counter_ns()
            c.send({"op": "submit", "code": code, "lang": "bash",
                    "watch": True})
            run_at = out_at = None
            while True:
                m = c.next()
                now = time.perf_counter_ns()
                if m.get("reply") == "submit" and not m.get("ok"):
                    raise BenchError("submit refused: %s" % m.get("error"))
                if m.get("event") == "state" and m.get("state") == \
                        "running" and run_at is None:
                    run_at = now
                if m.get("event") == "output" and out_at is None:
                    out_at = now
                if m.get("event") == "finished":
                    break
            if run_at is None or out_at is None:
                raise BenchError("no running state or output event came")
            to_run.append((run_at - t0) / 1e6)
            to_out.append((out_at - t0) / 1e6)
    finally:
        c.close()
    return stats(to_run), stats(to_out)


def first_output_ms(argv):
    """ms from starting argv until its first byte of standard output."""
    t0 = time.perf_counter_ns()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.read(1)
    ms_ = (time.perf_counter_ns() - t0) / 1e6
    p.stdout.read()
    if p.wait() != 0:
        raise BenchError("%s exited %d" % (" ".join(argv[:3]), p.returncode))
    return ms_


def queue_bench(kiln, work, hi, n, lat_runs):
    with open(hi) as f:
        code = f.read()
    workers = os.cpu_count() or 2
    db = os.path.join(work, "queue-ref.db")
    # The reference first, while nothing else runs: kiln run, recording
    # into a database of its own as the server does, n times in a row.
    run = [kiln, "run", "--db", db, hi]
    run_once(run)
    t0 = time.perf_counter_ns()
    for _ in range(n):
        run_once(run)
    loop_ms = (time.perf_counter_ns() - t0) / 1e6
    ref_first = stats([first_output_ms(run) for _ in range(lat_runs)])

    p, sock = queue_server(kiln, work, workers)
    try:
        queue_latency(sock, code, 3)		# warm-up
        to_run, to_out = queue_latency(sock, code, lat_runs)
        accepted_ms, done_ms = queue_throughput(sock, code, n)
        queue_drain(sock)
        cli_ms = queue_cli(kiln, sock, hi, n)
        queue_drain(sock)
    finally:
        queue_stop(p)
    return {"n": n, "workers": workers, "loop_ms": loop_ms,
            "accepted_ms": accepted_ms, "done_ms": done_ms, "cli_ms": cli_ms,
            "to_run": to_run, "to_out": to_out, "ref_first": ref_first}


def queue_rows(a):
    """The queue's rows; 1 if the benchmark failed."""
    try:
        r = queue_bench(a.kiln, a.work, os.path.join(a.work, "hi.sh"),
                        a.queue_runs, a.queue_latency_runs)
    except (BenchError, OSError, ValueError) as e:
        row("queue (kiln serve)", "failed: %s" % " ".join(str(e).split()))
        return 1
    n, loop = r["n"], r["loop_ms"]

    def per_s(count, ms_):
        return "%.0f/s" % (count / (ms_ / 1000))
    row("queue: %d hi.sh submitted at once" % n,
        per_s(n, r["accepted_ms"]) + " accepted",
        "kiln run loop %s" % per_s(n, loop), x(r["accepted_ms"], loop))
    row("  all %d finished (%d workers)" % (n, r["workers"]),
        per_s(n, r["done_ms"]) + " runs",
        "kiln run loop %s" % per_s(n, loop), x(r["done_ms"], loop))
    row("  through kiln submit, 4 at a time", per_s(n, r["cli_ms"]) +
        " accepted", "kiln run loop %s" % per_s(n, loop), x(r["cli_ms"], loop))
    row("queue latency, submit to running", ms(r["to_run"]["median"]),
        "(median of %d, idle)" % r["to_run"]["n"])
    row("  submit to first output, median", ms(r["to_out"]["median"]),
        "kiln run " + ms(r["ref_first"]["median"]),
        x(r["to_out"]["median"], r["ref_first"]["median"]))
    row("  p10 .. p90", "%.1f .. %.1f" % (r["to_out"]["p10"],
                                          r["to_out"]["p90"]),
        "kiln run %.1f .. %.1f" % (r["ref_first"]["p10"],
                                   r["ref_first"]["p90"]))
    return 0


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

    heading(a)
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

    failed |= analyze_rows(a)
    failed |= tui_rows(a)
    failed |= history_rows_safe(a)
    failed |= hview_rows(a)
    failed |= queue_rows(a)
    return failed


def heading(a):
    print("kiln benchmarks: %s (%s, %d CPUs, Linux %s)" % (
        a.name or a.kiln, subprocess.run([a.kiln, "--version"],
                                         capture_output=True,
                                         text=True).stdout.strip(),
        os.cpu_count(), os.uname().release))
    print("ratio = kiln's time / the reference's time (1.00x: as fast; "
          "above: kiln slower)\n")
    row("benchmark", "kiln", "reference", "ratio")
    row("-" * 36, "-" * 16, "-" * 24, "-" * 6)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["all", "history", "startup",
                                     "analyze", "tui", "hview", "queue"])
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--work")
    ap.add_argument("--script")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--start-runs", type=int, default=50)
    ap.add_argument("--flood-runs", type=int, default=5)
    ap.add_argument("--hello-runs", type=int, default=30)
    ap.add_argument("--history-runs", type=int, default=100000,
                    help="runs in the history benchmark's database")
    ap.add_argument("--history-reps", type=int, default=20,
                    help="repetitions of each history query")
    ap.add_argument("--record-runs", type=int, default=30,
                    help="runs with and without recording")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--corpus", help="the analyzer's labelled corpus")
    ap.add_argument("--analyze-runs", type=int, default=7)
    ap.add_argument("--tui-runs", type=int, default=30)
    ap.add_argument("--hview-runs", type=int, default=10,
                    help="times the history browser is opened (F7, End)")
    ap.add_argument("--hview-presses", type=int, default=100,
                    help="PgDn presses in the history browser")
    ap.add_argument("--queue-runs", type=int, default=200,
                    help="runs submitted at once to kiln serve")
    ap.add_argument("--queue-latency-runs", type=int, default=20,
                    help="runs timed one at a time on an idle kiln serve")
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
    if a.mode == "history":
        heading(a)
        return history_rows_safe(a)
    if a.mode == "analyze":
        heading(a)
        return analyze_rows(a)
    if a.mode == "tui":
        heading(a)
        return tui_rows(a)
    if a.mode == "hview":
        heading(a)
        return hview_rows(a)
    if a.mode == "queue":
        heading(a)
        return queue_rows(a)
    return main_all(a)


if __name__ == "__main__":
    sys.exit(main())
