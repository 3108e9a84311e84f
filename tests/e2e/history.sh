#!/bin/sh
# history.sh - end-to-end tests of `kiln history`: list, show, rerun, diff,
# export and prune, against a fresh history in a temporary directory.
#
#	KILN=./kiln sh tests/e2e/history.sh
#
# Each check prints "ok   NAME" or "FAIL NAME: why"; the last line is
# "N passed, N failed", and the exit status is 0 only if nothing failed.
# Needs python3 (to read the JSON and CSV).
# shellcheck disable=SC2016	# '$x' in the test programs is meant literally
# shellcheck disable=SC2317	# helpers are called indirectly, through expect
set -u

. "$(dirname "$0")/check-lib.sh"

if [ ! -x "$KILN" ]; then
	fail setup "$KILN is not an executable (run make first)"
	finish
fi
need python3
# A history and a config of our own: the tester's must not matter.
scratch history-e2e
DB=$XDG_DATA_HOME/kiln/history.db

# k ARGS...: runs kiln; $RC, and $D/out and $D/err.
k() {
	"$KILN" "$@" >"$D/out" 2>"$D/err"
	RC=$?
}

# expect_rc NAME WANT: checks the status of the last k.
expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		pass "$1"
	else
		fail "$1" "exit status $RC, not $2 ($(head -c 300 "$D/err" | tr '\n' ' '))"
	fi
}

# has FILE TEXT: FILE holds TEXT (a fixed string).
has() {
	grep -qF -- "$2" "$1"
}

# expect NAME COMMAND...: passes when the command succeeds.
expect() {
	name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name" "$* ($(head -c 300 "$D/out" | tr '\n' ' ')| $(head -c 200 "$D/err" | tr '\n' ' '))"
	fi
}

# py EXPR: evaluates a Python expression over the JSON in $D/out (as d);
# true when it is truthy. Its value is printed to $D/py for messages.
py() {
	python3 - "$D/out" "$1" >"$D/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(v)
sys.exit(0 if v else 1)
EOF
}

# pyv EXPR: prints a Python expression's value over the JSON in $D/out.
pyv() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$D/out" "$1"
}

# run_id FILE [OPTIONS]: kiln run --json; prints the new run's id.
run_id() {
	f=$1
	shift
	"$KILN" run --json "$@" "$f" >"$D/run.json" 2>"$D/run.err"
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$D/run.json" 2>/dev/null || echo 0
}

# ---- programs ----------------------------------------------------------------

P=$D/programs
mkdir -p "$P"
printf 'echo hello\necho one\necho two\necho three\necho four\n' >"$P/hello.sh"
printf 'echo hello\necho one\necho zwei\necho three\necho four\n' >"$P/hello2.sh"
printf 'import sys\nprint("alpha")\nsys.exit(3)\n' >"$P/fail.py"
printf 'read x\necho "got $x"\necho "to stderr" >&2\n' >"$P/stdin.sh"
printf 'abc\n' >"$P/stdin.txt"
printf '\377\000xyz' >"$P/binary.in"
printf 'import sys\nd = sys.stdin.buffer.read()\nprint(len(d))\n' >"$P/len.py"
printf 'printf "warn\\033[2Jing\\n"\n' >"$P/escape.sh"

# ---- before any run ----------------------------------------------------------

k history
expect_rc empty-list-status 0
expect empty-list-says-so has "$D/err" "no runs yet"
expect empty-list-no-stdout test ! -s "$D/out"
expect empty-list-creates-nothing test ! -e "$DB"
k history --json
expect empty-list-json py 'd == []'
k history export --format csv
expect empty-export-csv-header has "$D/out" "id,created,user,language"

# ---- runs to look at -----------------------------------------------------------

R1=$(run_id "$P/hello.sh")
R2=$(run_id "$P/fail.py")
R3=$(run_id "$P/stdin.sh" --stdin "$P/stdin.txt" --timeout 7s --memory 128M)
R4=$(run_id "$P/hello2.sh")
R5=$(run_id "$P/len.py" --stdin "$P/binary.in")
for r in "$R1" "$R2" "$R3" "$R4" "$R5"; do
	if [ "$r" = 0 ] || [ "$r" = None ]; then
		fail setup-runs "kiln run did not record a run ($(head -c 300 "$D/run.err"))"
		finish
	fi
done
pass setup-runs

# ---- list -------------------------------------------------------------------------

k history
expect_rc list-status 0
expect list-header has "$D/out" "STATUS"
expect list-five-rows test "$(grep -c . "$D/out")" -eq 6
expect list-newest-first test "$(sed -n 2p "$D/out" | awk '{print $1}')" = "$R5"
expect list-shows-first-line has "$D/out" "read x"
k history list --json
expect_rc list-json-status 0
expect list-json-order py "[r['id'] for r in d] == [$R5, $R4, $R3, $R2, $R1]"
expect list-json-fields py "all(k in d[0] for k in ('id', 'language', 'status', 'exit_code', 'signal', 'violation', 'wall_ms', 'cpu_ms', 'peak_memory_kb', 'created', 'user', 'risk', 'first_line', 'rerun_of'))"
expect list-json-created-iso py "__import__('re').fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', d[0]['created']) is not None"
expect list-json-error-run py "[(r['status'], r['exit_code']) for r in d if r['id'] == $R2] == [('error', 3)]"
expect list-json-first-line py "[r['first_line'] for r in d if r['id'] == $R1] == ['echo hello']"
k history --lang python --json
expect list-lang py "sorted(r['id'] for r in d) == sorted([$R2, $R5])"
k history -l bash --status ok --json
expect list-lang-status py "[r['id'] for r in d] == [$R4, $R3, $R1]"
k history --status error --json
expect list-status-filter py "[r['id'] for r in d] == [$R2]"
k history --grep alpha --json
expect list-grep-output py "[r['id'] for r in d] == [$R2]"
k history --grep "got" --json
expect list-grep-code py "[r['id'] for r in d] == [$R3]"
k history --grep "ZWEI" --json
expect list-grep-word py "$R4 in [r['id'] for r in d] and $R1 not in [r['id'] for r in d]"
k history --limit 2 --json
expect list-limit py "[r['id'] for r in d] == [$R5, $R4]"
k history --since 1h --json
expect list-since-age py "len(d) == 5"
k history --since 2000-01-01 --json
expect list-since-date py "len(d) == 5"
k history --since "2000-01-01 10:30" --json
expect list-since-datetime py "len(d) == 5"
k history --since 2099-01-01
expect_rc list-since-future-status 0
expect list-since-future-says-so has "$D/err" "no matching runs"
k history --since "not a date"
expect_rc list-bad-date 125
k history --since 2026-02-30
expect_rc list-impossible-date 125
k history --limit -3
expect_rc list-bad-limit 125
k history --no-such-option
expect_rc list-bad-option 125
k history no-such-command
expect_rc unknown-subcommand 125
k history --help
expect_rc help 0
expect help-names-subcommands has "$D/out" "kiln history rerun"

# --risk, --before-id and --after-id, in a history of their own, so that
# the runs above keep their numbers for the checks below.
printf 'curl -s http://127.0.0.1:1/ || echo offline\n' >"$P/risk-high.sh"
printf "trap 'echo bye' EXIT\necho hi\n" >"$P/risk-medium.sh"
RDB=$D/risk.db
RH=$(run_id "$P/risk-high.sh" --db "$RDB" --yes)
RM=$(run_id "$P/risk-medium.sh" --db "$RDB")
RN=$(run_id "$P/hello.sh" --db "$RDB")
if [ "$RH" = 0 ] || [ "$RM" = 0 ] || [ "$RN" = 0 ]; then
	fail list-risk-runs "kiln run did not record a run ($(head -c 300 "$D/run.err"))"
else
	k history --db "$RDB" --risk high --json
	expect list-risk-high py "[r['id'] for r in d] == [$RH]"
	k history --db "$RDB" --risk medium --json
	expect list-risk-medium py "[r['id'] for r in d] == [$RM, $RH]"
	k history --db "$RDB" --risk low
	expect list-risk-table test "$(grep -c . "$D/out")" -eq 3
	expect list-risk-table-code has "$D/out" "trap 'echo bye' EXIT"
	k history --db "$RDB" --risk critical
	expect_rc list-risk-none-status 0
	expect list-risk-none-says-so has "$D/err" "no matching runs"
	k history --db "$RDB" --risk severe
	expect_rc list-bad-risk 125
	expect list-bad-risk-message has "$D/err" "--risk: 'severe' is not a risk level: use low, medium, high or critical"
	k history --db "$RDB" --before-id "$RN" --json
	expect list-before-id py "[r['id'] for r in d] == [$RM, $RH]"
	k history --db "$RDB" --after-id "$RH" --json
	expect list-after-id py "[r['id'] for r in d] == [$RN, $RM]"
	k history --db "$RDB" --before-id 0
	expect_rc list-bad-before-id 125
fi

# ---- show -------------------------------------------------------------------------

k history show "$R3"
expect_rc show-status 0
expect show-heading has "$D/out" "run $R3"
expect show-code has "$D/out" 'echo "got $x"'
expect show-stdout has "$D/out" "got abc"
expect show-stderr has "$D/out" "to stderr"
expect show-stdin has "$D/out" "abc"
k history show "$R3" --json
expect_rc show-json-status 0
expect show-json-stdout py "d['stdout'] == 'got abc\n' and d['stderr'] == 'to stderr\n'"
expect show-json-stdin py "d['stdin'] == 'abc\n' and d['stdin_base64'] is False"
expect show-json-code py "'read x' in d['code'] and len(d['code_sha256']) == 64"
expect show-json-limits py "d['limits']['timeout_ms'] == 7000 and d['limits']['memory_kb'] == 131072"
expect show-json-timeline py "isinstance(d['timeline'], list) and all(len(p) == 3 for p in d['timeline'])"
k history show --json "$R5"
expect show-json-binary-stdin py "d['stdin_base64'] is True and __import__('base64').b64decode(d['stdin']) == b'\xff\x00xyz'"
k history show 999999
expect_rc show-unknown-id 1
expect show-unknown-id-message has "$D/err" "no run 999999 in"
k history show abc
expect_rc show-bad-id 125
k history show
expect_rc show-no-id 125

# ---- rerun -------------------------------------------------------------------------

k history rerun "$R2"
expect_rc rerun-exit-status 3
expect rerun-output has "$D/out" "alpha"
k history --limit 1 --json
R6=$(pyv "d[0]['id']")
expect rerun-recorded py "d[0]['rerun_of'] == $R2 and d[0]['id'] > $R5 and d[0]['language'] == 'python'"
k history rerun "$R3" --json
expect_rc rerun-json-status 0
R7=$(pyv "d['id']")
expect rerun-json-result py "d['stdout'] == 'got abc\n' and d['status'] == 'ok' and d['limits']['timeout_ms'] == 7000 and d['limits']['memory_kb'] == 131072"
k history show "$R7" --json
expect rerun-points-at-original py "d['rerun_of'] == $R3 and d['stdin'] == 'abc\n'"
k history rerun 999999
expect_rc rerun-unknown-id 125
k history rerun 999999 --json
expect rerun-unknown-id-json py "d['status'] == 'internal-error' and 'no run 999999' in d['error']"
printf '[ruby]\nextensions = .rb\nsource = main.rb\nrun = ruby main.rb\n' >"$D/ruby.conf"
k history rerun "$R2" --languages "$D/ruby.conf"
expect_rc rerun-language-gone 125
printf '[python]\nextensions = .py\nsource = main.py\nrun = no-such-python3 main.py\n' >"$D/nopy.conf"
k history rerun "$R2" --languages "$D/nopy.conf"
expect_rc rerun-runtime-missing 125

# ---- diff ---------------------------------------------------------------------------

k history diff "$R6"
expect_rc diff-rerun-same 0
expect diff-rerun-same-says-so has "$D/out" "stdout: the same"
expect diff-rerun-metrics has "$D/out" "status: error (same)"
k history diff "$R1" "$R4"
expect_rc diff-differ 1
expect diff-headers has "$D/out" "--- run $R1 stdout"
expect diff-headers-new has "$D/out" "+++ run $R4 stdout"
expect diff-hunk has "$D/out" "@@ -1,5 +1,5 @@"
expect diff-removed grep -qx -- "-two" "$D/out"
expect diff-added grep -qx -- "+zwei" "$D/out"
expect diff-context grep -qx -- " one" "$D/out"
expect diff-wall has "$D/out" "wall: "
if command -v patch >/dev/null 2>&1; then
	printf 'hello\none\ntwo\nthree\nfour\n' >"$D/a.txt"
	{ echo "--- a.txt"; echo "+++ b.txt"; sed -n '/^@@/,/^stderr:/p' "$D/out" | grep -v '^stderr:'; } >"$D/p.diff"
	if patch -s -o "$D/b.txt" "$D/a.txt" "$D/p.diff" >/dev/null 2>&1 &&
	    [ "$(cat "$D/b.txt")" = "$(printf 'hello\none\nzwei\nthree\nfour')" ]; then
		pass diff-applies-with-patch
	else
		fail diff-applies-with-patch "patch(1) did not turn run $R1's output into run $R4's"
	fi
fi
k history diff "$R1" "$R2"
expect_rc diff-status-change 1
expect diff-status-line has "$D/out" "status: ok -> error"
expect diff-exit-line has "$D/out" "exit code: 0 -> 3"
k history diff "$R1"
expect_rc diff-not-a-rerun 125
k history diff "$R1" 999999
expect_rc diff-unknown-id 125
k history diff x
expect_rc diff-bad-id 125

# ---- export ---------------------------------------------------------------------------

k history export
expect_rc export-status 0
expect export-json-all py "[r['id'] for r in d] == [$R7, $R6, $R5, $R4, $R3, $R2, $R1]"
expect export-json-full py "all('code' in r and 'stdout' in r and 'limits' in r and 'timeline' not in r for r in d)"
expect export-json-rerun-of py "[r['rerun_of'] for r in d if r['id'] == $R6] == [$R2]"
k history export --format csv
expect_rc export-csv-status 0
expect export-csv-header test "$(head -n 1 "$D/out" | tr -d '\r')" = "id,created,user,language,runtime_version,status,exit_code,signal,violation,wall_ms,cpu_ms,peak_memory_kb,code_sha256,rerun_of"
if python3 - "$D/out" "$R6" "$R2" >"$D/py" 2>&1 <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 7, len(rows)
r = [x for x in rows if x["id"] == sys.argv[2]][0]
assert r["rerun_of"] == sys.argv[3] and r["status"] == "error" and r["exit_code"] == "3", r
assert all(len(x["code_sha256"]) == 64 for x in rows)
EOF
then
	pass export-csv-rows
else
	fail export-csv-rows "$(cat "$D/py")"
fi
k history export --format csv --lang python --status error
expect export-csv-filters test "$(grep -c . "$D/out")" -eq 3
k history export --grep alpha
expect export-grep py "sorted(r['id'] for r in d) == sorted([$R2, $R6])"
k history export --format xml
expect_rc export-bad-format 125

# ---- terminal safety ----------------------------------------------------------------------

RE=$(run_id "$P/escape.sh")
if command -v script >/dev/null 2>&1; then
	# script runs its command with $SHELL, which may be a nologin shell.
	SHELL=/bin/sh script -qc "'$KILN' history show $RE" /dev/null \
	    >"$D/tty" 2>&1 </dev/null
	if has "$D/tty" 'warn^[[2Jing' && ! grep -q "$(printf '\033')" "$D/tty"; then
		pass show-tty-sanitized
	else
		fail show-tty-sanitized "a stored escape reached the terminal as it is"
	fi
fi
k history show "$RE"
expect show-pipe-raw grep -q "$(printf '\033')\\[2J" "$D/out"

# ---- other databases ------------------------------------------------------------------------

k history --db "$D/elsewhere/none.db"
expect_rc other-db-missing 0
expect other-db-not-created test ! -e "$D/elsewhere/none.db"
printf 'this is not a database\n' >"$D/not.db"
k history --db "$D/not.db"
expect_rc other-db-not-kiln 125
expect other-db-message has "$D/err" "kiln: history: "
mkdir -p "$XDG_CONFIG_HOME/kiln"
printf '[history]\npath = %s\n' "$D/cfg.db" >"$XDG_CONFIG_HOME/kiln/config"
"$KILN" run "$P/hello.sh" >/dev/null 2>&1
k history --json
expect config-history-path py "len(d) == 1"
rm -f "$XDG_CONFIG_HOME/kiln/config"

# ---- prune ----------------------------------------------------------------------------------

k history prune
expect_rc prune-needs-option 125
k history prune --keep 2 --older-than 1
expect_rc prune-one-option 125
k history prune --keep x
expect_rc prune-bad-keep 125
k history prune --older-than 30
expect_rc prune-older-none 0
expect prune-older-none-count grep -qx "deleted 0 runs" "$D/out"
k history prune --keep 3
expect_rc prune-keep-status 0
expect prune-keep-count grep -qx "deleted 5 runs" "$D/out"
k history --json
expect prune-keep-newest py "[r['id'] for r in d] == [$RE, $R7, $R6]"
k history prune --older-than 0
expect prune-older-all grep -qx "deleted 3 runs" "$D/out"
k history
expect prune-left-nothing has "$D/err" "no runs yet"

finish
