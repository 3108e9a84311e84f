#!/usr/bin/env python3
"""kq.py - a bare client of kiln serve's protocol, and a reader of its
database, for tests/e2e/serve.sh and serve-ssh.sh (doc/queue-protocol.md).

    kq.py connect SOCK SECONDS [PID]    until SOCK accepts a connection (or
                                        process PID, the server, has ended)
    kq.py req SOCK JSON...              sends each request on one connection,
                                        prints each reply (events skipped)
    kq.py submit-many SOCK LANG CODE... submits every CODE at once, pipelined
                                        on one connection; prints the ids
    kq.py hostile SOCK                  bad input a careless or hostile client
                                        sends; one JSON line per case: the
                                        reply's ok and code, or "closed"
    kq.py slow-reader SOCK BYTES PID    watches a run that prints BYTES
                                        without reading for 4 s, then reads
                                        it all; prints what came, what was
                                        said dropped, and the server's
                                        (PID's) RSS while it waited
    kq.py sql DB QUERY [ARG...]         prints the rows, fields tab-separated
    kq.py columns DB TABLE              the table's column names, one a line

Nothing here names who is asking: the server takes that from the socket.
"""
import json
import socket
import sqlite3
import sys
import time


def connect(path, timeout=10.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


class Lines:
    """Reads a socket a line at a time."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def reply(self):
        """The next reply (any message that is not an event: a line the
        server could not read has no op to name), events skipped."""
        while True:
            msg = json.loads(self.line())
            if "event" not in msg:
                return msg


def alive(pid):
    """Whether process pid runs (a zombie does not)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def main(argv):
    mode = argv[1]
    if mode == "connect":
        end = time.monotonic() + float(argv[3])
        while True:
            try:
                connect(argv[2], 1.0).close()
                return 0
            except OSError as e:
                if len(argv) > 4 and not alive(int(argv[4])):
                    print("the server exited")
                    return 1
                if time.monotonic() > end:
                    print("cannot connect to %s: %s" % (argv[2], e))
                    return 1
                time.sleep(0.05)
    if mode == "req":
        s = connect(argv[2])
        r = Lines(s)
        for req in argv[3:]:
            s.sendall(req.encode() + b"\n")
            try:
                print(json.dumps(r.reply()), flush=True)
            except (EOFError, OSError) as e:
                print(json.dumps({"ok": False, "closed": str(e)}))
                return 0
        return 0
    if mode == "submit-many":
        s = connect(argv[2], 60.0)
        r = Lines(s)
        lang, codes = argv[3], argv[4:]
        s.sendall(b"".join(json.dumps({"op": "submit", "code": c,
                                       "lang": lang, "tag": i}).encode()
                           + b"\n" for i, c in enumerate(codes)))
        bad = 0
        for _ in codes:
            m = r.reply()
            if not m.get("ok"):
                print("refused: %s" % json.dumps(m), file=sys.stderr)
                bad = 1
            print(m.get("id"))
        return bad
    if mode == "hostile":
        cases = [
            ("bad-utf8", b'{"op":"hello\xff"}\n'),
            ("deep", b"[" * 100000 + b"\n"),
            ("not-object", b'[1, 2]\n'),
            ("no-op", b'{"id": 1}\n'),
            ("unknown-op", b'{"op": "rm-rf"}\n'),
            ("nul-in-code", b'{"op":"submit","code":"a\\u0000b","lang":"bash"}\n'),
            ("huge-id", b'{"op":"status","id":99999999999999999999}\n'),
            ("negative-id", b'{"op":"status","id":-3}\n'),
            ("string-id", b'{"op":"status","id":"1"}\n'),
            ("code-not-string", b'{"op":"submit","code":["x"],"lang":"bash"}\n'),
            ("bad-limit", b'{"op":"submit","code":"x","lang":"bash","limits":{"timeout":-5}}\n'),
            ("limits-not-object", b'{"op":"submit","code":"x","lang":"bash","limits":"5s"}\n'),
            ("bad-base64", b'{"op":"submit","code":"x","lang":"bash","stdin_base64":"!!"}\n'),
            ("name-with-slash", b'{"op":"submit","code":"x","lang":"bash","name":"../../etc/passwd"}\n'),
            ("duplicate-key", b'{"op":"hello","op":"queue"}\n'),
        ]
        s = connect(argv[2])
        r = Lines(s)
        for name, raw in cases:
            s.sendall(raw)
            m = r.reply()
            print(json.dumps({"case": name, "ok": m.get("ok"),
                              "code": m.get("code")}), flush=True)
        # A line past 8 MiB: refused, and that connection closed.
        s = connect(argv[2])
        r = Lines(s)
        try:
            s.sendall(b"x" * (9 * 1024 * 1024))
        except OSError:
            pass
        try:
            m = r.reply()
            print(json.dumps({"case": "long-line", "ok": m.get("ok"),
                              "code": m.get("code")}), flush=True)
            r.line()
            print(json.dumps({"case": "long-line-closed", "ok": False,
                              "code": "still open"}))
        except (EOFError, OSError):
            print(json.dumps({"case": "long-line-closed", "ok": False,
                              "code": "closed"}))
        return 0
    if mode == "slow-reader":
        s = connect(argv[2], 120.0)
        r = Lines(s)
        code = "head -c %d /dev/zero | tr '\\0' y\n" % int(argv[3])
        s.sendall(json.dumps({"op": "submit", "code": code, "lang": "bash",
                              "watch": True}).encode() + b"\n")
        r.reply()
        time.sleep(4)
        rss = 0
        with open("/proc/%d/status" % int(argv[4])) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        got, dropped, status = 0, 0, None
        while status is None:
            m = json.loads(r.line())
            if m.get("event") == "output":
                got += len(m["data"].encode())
            elif m.get("event") == "output-dropped":
                dropped += m["bytes"]
            elif m.get("event") == "finished":
                status = m["result"]["status"]
        print(json.dumps({"status": status, "received": got,
                          "dropped": dropped, "rss_kb": rss}))
        return 0
    if mode == "sql":
        db = sqlite3.connect(argv[2], timeout=10)
        for row in db.execute(argv[3], argv[4:]):
            print("\t".join("" if v is None else str(v) for v in row))
        return 0
    if mode == "columns":
        db = sqlite3.connect(argv[2], timeout=10)
        for row in db.execute("PRAGMA table_info(%s)" % argv[3]):
            print(row[1])
        return 0
    print("kq.py: unknown mode %s" % mode, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
