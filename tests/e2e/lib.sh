# lib.sh - helpers for the end-to-end suite (sourced by suite.sh; bash).
#
# A test is a shell function run by run_test in a subshell, in a directory
# of its own ($T). Assertions never stop a test: each failure is appended to
# $T/.fail and run_test reports the test as FAIL with the first reasons.
# Every kiln run goes through krun, which runs kiln under kh.py (the host's
# view) and checks what must hold for any run: nothing of the run is left on
# the host, kiln's own peak RSS stays bounded, the run's processes have the
# expected host uid, and --json printed exactly one object.

# Expected by the caller: PASS, KILN, KH, WORK, MARK, RUN_UID.

# The real interpreter: a version manager's shim costs ~100 ms a call.
PY=$(python3 -c 'import sys; print(sys.executable)')

KILN_RSS_MAX_KB=${KILN_RSS_MAX_KB:-65536}	# kiln's own peak RSS, any run
NPASSED=0
NFAILED=0

# fail WHY: records a failure of the current test.
fail() {
	printf '%s\n' "$*" >>"$T/.fail"
}

# note WHY: extra context shown only if the test fails.
note() {
	printf '%s\n' "$*" >>"$T/.notes"
}

# run_test NAME FUNC [ARGS...]: runs one test and prints its line.
run_test() {
	local name=$1 why t0
	shift
	t0=$(date +%s%N)
	T=$WORK/t/$name
	rm -rf "$T"
	mkdir -p "$T"
	: >"$T/.fail"
	(cd "$T" && RUNS=0 && "$@") >"$T/.log" 2>&1 ||
		fail "test function exited with status $? ($(tail -c 200 "$T/.log" | tr '\n' ' '))"
	host_invariants
	echo "$((($(date +%s%N) - t0) / 1000000)) $name" >>"$WORK/times"
	if [ -s "$T/.fail" ]; then
		why=$(head -n 4 "$T/.fail" | tr '\n' ';' | sed 's/;$//')
		[ -s "$T/.notes" ] && why="$why [$(head -c 300 "$T/.notes" | tr '\n' ' ')]"
		printf 'FAIL %s %s: %s\n' "$PASS" "$name" "$why"
		NFAILED=$((NFAILED + 1))
	else
		printf 'ok   %s %s\n' "$PASS" "$name"
		NPASSED=$((NPASSED + 1))
	fi
}

# slowest N: the N slowest tests of the pass, as comment lines.
slowest() {
	sort -rn "$WORK/times" 2>/dev/null | head -n "$1" |
	    awk '{ printf "# slow: %s %.1f s\n", $2, $1 / 1000 }'
}

# ---- the host, before and after each test ------------------------------

# canary_setup: secret files the sandbox must never see or change, and a
# host process it must never be able to kill.
canary_setup() {
	CANARY_SECRET="kiln-canary-secret-$MARK-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
	export KILN_CANARY_SECRET="$CANARY_SECRET-env"
	CANARY_DIR=$(mktemp -d /tmp/kiln-e2e-canary.XXXXXX)
	chmod 755 "$CANARY_DIR"
	printf '%s\n' "$CANARY_SECRET" >"$CANARY_DIR/secret"
	chmod 644 "$CANARY_DIR/secret"
	CANARY_FILES="$CANARY_DIR/secret"
	# /home (made by run.sh when root) and our own home, when writable
	if [ -n "${KILN_E2E_HOME_CANARY:-}" ] && [ -r "$KILN_E2E_HOME_CANARY" ]; then
		CANARY_FILES="$CANARY_FILES $KILN_E2E_HOME_CANARY"
	fi
	if [ -n "${HOME:-}" ] && [ -d "$HOME" ] && [ -w "$HOME" ]; then
		HOME_CANARY=$HOME/.kiln-e2e-canary-$MARK
		printf '%s\n' "$CANARY_SECRET" >"$HOME_CANARY"
		CANARY_FILES="$CANARY_FILES $HOME_CANARY"
	fi
	# the staged binary and data, and a file of the checkout (one of ours:
	# others may be edited while the suite runs)
	CANARY_FILES="$CANARY_FILES $KILN $(dirname "$KILN")/share/languages.conf"
	[ -n "${KILN_E2E_CHECKOUT:-}" ] && [ -r "$KILN_E2E_CHECKOUT/tests/e2e/run.sh" ] &&
		CANARY_FILES="$CANARY_FILES $KILN_E2E_CHECKOUT/tests/e2e/run.sh"
	canary_snapshot >"$WORK/canaries.ref"
	# a long sleeper of ours: `kill -9 -1` inside must not reach it
	sleep 3600 &
	HOST_CANARY_PID=$!
	disown "$HOST_CANARY_PID" 2>/dev/null || true
}

# canary_snapshot: content hash, mtime and mode of every canary file.
canary_snapshot() {
	local f
	for f in $CANARY_FILES; do
		printf '%s %s %s\n' "$(sha256sum <"$f" | cut -c1-16)" \
		    "$(stat -c '%y %a %u' "$f")" "$f"
	done
}

canary_teardown() {
	kill "$HOST_CANARY_PID" 2>/dev/null
	rm -rf "$CANARY_DIR"
	[ -n "${HOME_CANARY:-}" ] && rm -f "$HOME_CANARY"
	return 0
}

# host_invariants: after every test, the host is as it was.
host_invariants() {
	canary_snapshot >"$WORK/canaries.now"
	cmp -s "$WORK/canaries.ref" "$WORK/canaries.now" ||
		fail "host canary files changed: $(diff "$WORK/canaries.ref" "$WORK/canaries.now" | grep '^>' | head -2 | tr '\n' ' ')"
	kill -0 "$HOST_CANARY_PID" 2>/dev/null ||
		fail "the host canary process $HOST_CANARY_PID is gone"
	# nothing carrying this pass's marker may exist anywhere on the host
	local left
	left=$(marked_procs)
	if [ -n "$left" ]; then
		fail "marked processes left on the host: $(echo "$left" | head -3 | tr '\n' ';')"
		echo "$left" | awk '{ print $1 }' | xargs -r kill -9 2>/dev/null
	fi
	return 0
}

# marked_procs: "pid user args" of every host process with $MARK in its argv.
marked_procs() {
	local p
	for p in $(pgrep -f -- "$MARK"); do
		ps -o pid=,user=,args= -p "$p"
	done
}

# ---- running kiln --------------------------------------------------------

# krun [kh.py run options] -- [kiln run arguments]: one kiln run, watched.
# Sets OUT, ERR, META (files), F (dir of --json fields) and KRC. These tests
# are about the sandbox, so the approval policy is off (the hostile programs
# must reach it); analyze.sh tests the policy.
krun() {
	local khopts=() json=0 a left hwm uids
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		khopts+=("$1")
		shift
	done
	[ "${1:-}" = "--" ] && shift
	for a in "$@"; do [ "$a" = "--json" ] && json=1; done
	RUNS=$((RUNS + 1))
	OUT=$T/r$RUNS.out ERR=$T/r$RUNS.err META=$T/r$RUNS.meta F=$T/r$RUNS.f
	"$PY" "$KH" run --out "$OUT" --err "$ERR" --meta "$META" "${khopts[@]}" \
	    -- "$KILN" run --ask-at never --block-at never "$@"
	KRC=$(mget rc)
	note "run $RUNS: kiln run $*: rc $KRC, stderr: $(head -c 200 "$ERR" | tr '\n' ' ')"
	left=$(mget leftovers)
	[ "$left" = "[]" ] || fail "run $RUNS left processes on the host: $left"
	hwm=$(mget kiln_hwm_kb)
	[ "$hwm" -lt "$KILN_RSS_MAX_KB" ] ||
		fail "run $RUNS: kiln's own peak RSS was $hwm kB (max $KILN_RSS_MAX_KB)"
	uids=$(mget uids)
	case $uids in
	"[]" | "[$RUN_UID]") ;;
	*) fail "run $RUNS: the run's processes had host uids $uids, want $RUN_UID" ;;
	esac
	[ "$(mget harness_timeout)" = "<missing>" ] ||
		fail "run $RUNS: kiln did not finish within the harness's limit"
	[ "$(mget pipes_held_open)" = "<missing>" ] ||
		fail "run $RUNS: kiln's output pipes stayed open after kiln exited"
	if [ "$json" = 1 ]; then
		if ! "$PY" "$KH" split "$OUT" "$F" >"$T/r$RUNS.jerr"; then
			fail "run $RUNS: --json output is not exactly one JSON object: $(cat "$T/r$RUNS.jerr") $(head -c 200 "$OUT")"
			mkdir -p "$F"
		fi
	fi
	return 0
}

# mget KEY: a field of the last run's host-side findings.
mget() {
	if [ -f "$META.d/$1" ]; then cat "$META.d/$1"; else printf '<missing>'; fi
}

# jf KEY: a field of the last run's --json object ("<missing>" if absent).
jf() {
	if [ -f "$F/$1" ]; then cat "$F/$1"; else printf '<missing>'; fi
}

# jfile KEY: the path of a field's file (for stdout, stderr, compile_output).
jfile() {
	[ -f "$F/$1" ] || : >"$F/$1.missing"
	if [ -f "$F/$1" ]; then printf '%s' "$F/$1"; else printf '%s' "$F/$1.missing"; fi
}

# ---- assertions ------------------------------------------------------------

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$(printf '%s' "$2" | head -c 160)', want '$3'"
}

# expect_ne WHAT GOT UNWANTED
expect_ne() {
	[ "$2" != "$3" ] || fail "$1: got '$2'"
}

# expect_field KEY WANT: a --json field of the last run.
expect_field() {
	expect_eq "$1" "$(jf "$1")" "$2"
}

# expect_status STATUS: the --json status (with stderr, for context).
expect_status() {
	local got
	got=$(jf status)
	[ "$got" = "$1" ] ||
		fail "status $got, want $1 (exit_code $(jf exit_code), signal $(jf signal), violation $(jf violation); stderr: $(head -c 150 "$(jfile stderr)" | tr '\n' ' '))"
}

# expect_one_of WHAT GOT WANT...
expect_one_of() {
	local what=$1 got=$2 w
	shift 2
	for w in "$@"; do [ "$got" = "$w" ] && return 0; done
	fail "$what: got '$got', want one of: $*"
}

# expect_rc N: kiln's own exit status.
expect_rc() {
	[ "$KRC" = "$1" ] || fail "kiln exited $KRC, want $1"
}

# expect_range WHAT VALUE LO HI (integers, inclusive)
expect_range() {
	case $2 in
	'' | *[!0-9]*) fail "$1: '$2' is not a number"; return 0 ;;
	esac
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || fail "$1 is $2, want $3..$4"
}

# expect_has FILE STRING [WHAT]: FILE contains STRING (fixed string).
expect_has() {
	grep -qF -- "$2" "$1" 2>/dev/null ||
		fail "${3:-$(basename "$1")} lacks '$2' (has: $(head -c 160 "$1" 2>/dev/null | tr '\n' ' '))"
}

# expect_lacks FILE STRING [WHAT]: FILE never contains STRING.
expect_lacks() {
	if grep -qF -- "$2" "$1" 2>/dev/null; then
		fail "${3:-$(basename "$1")} contains '$2': $(grep -F -- "$2" "$1" | head -c 160)"
	fi
}

# expect_file_eq FILE TEXT: FILE holds exactly TEXT.
expect_file_eq() {
	local want
	want=$(mktemp "$T/want.XXXXXX")
	printf '%s' "$2" >"$want"
	cmp -s "$1" "$want" ||
		fail "$(basename "$1"): got '$(head -c 120 "$1" | tr '\n' '|')', want '$(printf '%s' "$2" | head -c 120 | tr '\n' '|')'"
}

# expect_clean_run: the host checks krun made, plus no refused syscall.
expect_no_violation() {
	expect_field violation null
}

# ---- programs ---------------------------------------------------------------

# prog SRC [KEY=VALUE...]: copies a program into $T, filling in @KEY@
# placeholders (and @MARK@, this pass's unique marker); prints its path.
prog() {
	local src=$1 dst sedargs=(-e "s|@MARK@|$MARK|g") kv
	shift
	dst=$T/$(basename "$src")
	for kv in "$@"; do
		sedargs+=(-e "s|@${kv%%=*}@|${kv#*=}|g")
	done
	sed "${sedargs[@]}" "$src" >"$dst"
	printf '%s' "$dst"
}

# ext LANG: the file extension kiln knows LANG by.
ext() {
	case $1 in
	python) echo py ;; javascript) echo js ;; go) echo go ;;
	bash) echo sh ;; c) echo c ;;
	esac
}
