#!/bin/sh
# Runs the cmocka unit test binaries given as arguments, shows their output,
# and ends with "N passed, N failed" (test cases). Exits 1 on any failure.
#
# Each binary runs in a fresh private TMPDIR, removed afterwards, so a test
# never writes anywhere else. A binary that crashes, hangs (more than
# KILN_UNIT_TIMEOUT seconds, default 120) or never reports its cases counts
# its missing cases (at least one) as failed.
set -u

passed=0
failed=0
limit=${KILN_UNIT_TIMEOUT:-120}
work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-unit-run.XXXXXX") || {
	echo "run.sh: cannot make a temporary directory" >&2
	exit 2
}
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

if [ $# -eq 0 ]; then
	echo "usage: sh tests/unit/run.sh build/test-NAME..." >&2
	exit 2
fi

# As root, the tests that build real sandboxes run a second time as an
# unprivileged user (made here if missing): that is the path most people
# get, with a user namespace they own and no cgroup writes. The binaries are
# staged in a world-readable directory, since the checkout may not be.
unpriv=""
if [ "$(id -u)" -eq 0 ] && [ "${KILN_UNIT_UNPRIV:-1}" != 0 ] &&
    command -v setpriv >/dev/null 2>&1; then
	id kilntest >/dev/null 2>&1 ||
	    useradd -M -N -s /usr/sbin/nologin kilntest >/dev/null 2>&1 || true
	if id kilntest >/dev/null 2>&1; then
		stage=$(mktemp -d "/tmp/kiln-unit-stage.XXXXXX")
		chmod 755 "$stage"
		for bin in "$@"; do
			case $(basename "$bin") in
			test-sandbox|test-monitor|test-run)
				cp "$bin" "$stage/"
				unpriv="$unpriv $stage/$(basename "$bin")" ;;
			esac
		done
		trap 'rm -rf "$work" "$stage"' EXIT
	fi
fi

for bin in "$@" $unpriv; do
	name=$(basename "$bin")
	as=""
	case $bin in
	"${stage:-/nonexistent}"/*)
		name="$name (as kilntest)"
		as="setpriv --reuid=kilntest --regid=$(id -g kilntest) --clear-groups --reset-env"
		;;
	esac
	log="$work/$(basename "$bin")$as.log"
	log=$(printf '%s' "$log" | tr ' =' '__')
	tmp="$log.tmp"
	mkdir -p "$tmp"
	[ -n "$as" ] && chmod 777 "$work" "$tmp"
	if [ ! -x "$bin" ]; then
		echo "run.sh: $name: $bin is not an executable"
		failed=$((failed + 1))
		continue
	fi
	# cmocka writes to stdout; stderr (sanitizers, die()) goes in the log too.
	if command -v timeout >/dev/null 2>&1; then
		$as env TMPDIR="$tmp" CMOCKA_MESSAGE_OUTPUT=stdout \
		    timeout -k 5 "$limit" "$bin" >"$log" 2>&1
	else
		$as env TMPDIR="$tmp" CMOCKA_MESSAGE_OUTPUT=stdout "$bin" >"$log" 2>&1
	fi
	rc=$?
	echo "== $name"
	cat "$log"

	declared=$(sed -n 's/^\[==========\] Running \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" | head -n 1)
	ok=$(grep -c '^\[       OK \]' "$log")
	skipped=$(grep -c '^\[  SKIPPED \]' "$log")
	[ -n "$declared" ] || declared=0
	bad=$((declared - ok - skipped))
	[ "$bad" -lt 0 ] && bad=0
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1
	fi
	if [ "$rc" -ne 0 ]; then
		case $rc in
		124) why="timed out after ${limit}s" ;;
		*) if [ "$rc" -gt 128 ]; then why="killed by signal $((rc - 128))"; else why="exit status $rc"; fi ;;
		esac
		echo "run.sh: $name: $why"
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	rm -rf "$tmp"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
