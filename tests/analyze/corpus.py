#!/usr/bin/env python3
"""corpus.py - measures the analyzer on a labelled corpus.

    python3 tests/analyze/corpus.py [--kiln ./kiln] [--corpus DIR] [-v]

DIR/expect has one line a file: `PATH LEVEL [known-miss]`, where LEVEL is
the least a risky file must reach (low, medium, high, critical), or
`benign` for an ordinary program, which must stay below the default ask_at
(high). `known-miss` marks a risky file the rules are known not to catch
(say why in a comment above it): it is measured and listed, not asserted,
and the table counts it as missed. Each file is analyzed with
`kiln analyze --json`, with the shipped rules only.

Prints each miss and false alarm with its warnings, then a table per
language: risky files detected, benign files quiet. The exit status is 0
only if every file meets its label, 1 otherwise, 2 if the corpus or kiln
cannot be used. The same script measures a corpus the project never sees:
point --corpus at it.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

LEVELS = ["none", "low", "medium", "high", "critical"]
ASK_AT = "high"
EXT = {".py": "python", ".js": "javascript", ".mjs": "javascript",
       ".go": "go", ".sh": "bash", ".bash": "bash", ".c": "c"}


def load_expect(corpus):
    """The labels: [(path, label, line)], or exit 2 with file:line."""
    path = os.path.join(corpus, "expect")
    out = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        sys.exit("corpus: %s: %s" % (path, e.strerror))
    with f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if len(words) not in (2, 3) or (words[1] != "benign" and
                                            words[1] not in LEVELS[1:]) or \
                    (len(words) == 3 and (words[2] != "known-miss" or
                                          words[1] == "benign")):
                sys.exit("corpus: %s:%d: expected 'PATH LEVEL [known-miss]' "
                         "with LEVEL low, medium, high, critical or benign"
                         % (path, n))
            if not os.path.isfile(os.path.join(corpus, words[0])):
                sys.exit("corpus: %s:%d: %s does not exist" %
                         (path, n, words[0]))
            out.append((words[0], words[1], len(words) == 3))
    return out


def unlisted(corpus, labelled):
    """Files in the corpus that expect does not name."""
    known = {p for p, _, _ in labelled}
    extra = []
    for top, _, files in os.walk(corpus):
        for name in files:
            rel = os.path.relpath(os.path.join(top, name), corpus)
            if rel != "expect" and rel not in known:
                extra.append(rel)
    return sorted(extra)


def analyze(kiln, path, env):
    """kiln analyze --json on one file: (risk, warnings) or raises."""
    lang = EXT.get(os.path.splitext(path)[1])
    cmd = [kiln, "analyze", "--json"]
    if lang:
        cmd += ["--lang", lang]
    p = subprocess.run(cmd + [path], capture_output=True, env=env,
                       timeout=60)
    if p.returncode not in (0, 1, 2):
        raise RuntimeError("exit %d: %s" % (p.returncode,
                                            p.stderr.decode()[:300]))
    if p.stderr:
        raise RuntimeError("stderr: %s" % p.stderr.decode()[:300])
    d = json.loads(p.stdout)
    return d["risk"], d["warnings"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--kiln", default=os.path.join(here, "..", "..", "kiln"))
    ap.add_argument("--corpus", default=os.path.join(here, "corpus"))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if not os.access(a.kiln, os.X_OK):
        sys.exit("corpus: %s is not an executable (run make first)" % a.kiln)
    labelled = load_expect(a.corpus)
    extra = unlisted(a.corpus, labelled)
    # Only the shipped rules: no config of the tester's.
    tmp = tempfile.mkdtemp(prefix="kiln-corpus-")
    env = dict(os.environ, XDG_CONFIG_HOME=tmp, HOME=tmp)

    stats = {}
    bad = 0
    known = []
    for rel, label, known_miss in labelled:
        path = os.path.join(a.corpus, rel)
        lang = EXT.get(os.path.splitext(rel)[1], "?")
        s = stats.setdefault(lang, [0, 0, 0, 0])
        try:
            risk, warnings = analyze(a.kiln, path, env)
        except (RuntimeError, ValueError, KeyError,
                subprocess.TimeoutExpired) as e:
            print("FAIL %s: kiln analyze failed: %s" % (rel, e))
            bad += 1
            continue
        got = LEVELS.index(risk)
        if label == "benign":
            s[3] += 1
            ok = got < LEVELS.index(ASK_AT)
            s[2] += 0 if ok else 1
            what = "false alarm: risk %s" % risk
        else:
            s[1] += 1
            ok = got >= LEVELS.index(label)
            s[0] += 1 if ok else 0
            what = "missed: risk %s, wanted %s" % (risk, label)
        if ok:
            if known_miss:
                print("note %s: detected now (risk %s): drop known-miss"
                      % (rel, risk))
            elif a.verbose:
                print("ok   %s (%s)" % (rel, risk))
            continue
        if known_miss:
            known.append("%s (risk %s, wanted %s)" % (rel, risk, label))
            continue
        bad += 1
        print("FAIL %s: %s" % (rel, what))
        for w in warnings:
            print("       %d:%d %s %s: %s" % (w["line"], w["column"],
                                              w["level"], w["rule"],
                                              w["match"]))
    for rel in extra:
        print("FAIL %s: not listed in expect" % rel)
        bad += 1

    print("%-11s %9s %9s %12s" % ("language", "detected", "of risky",
                                  "false alarms"))
    tot = [0, 0, 0, 0]
    for lang in sorted(stats):
        s = stats[lang]
        print("%-11s %9d %9d %7d of %3d" % (lang, s[0], s[1], s[2], s[3]))
        tot = [x + y for x, y in zip(tot, s)]
    print("%-11s %9d %9d %7d of %3d" % ("all", tot[0], tot[1], tot[2],
                                        tot[3]))
    if tot[1]:
        print("detection %.1f%%, false alarms %.1f%%" % (
            100.0 * tot[0] / tot[1], 100.0 * tot[2] / max(tot[3], 1)))
    for k in known:
        print("known miss: %s" % k)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
