#!/bin/sh
# run.sh - kiln's end-to-end suite. `make check-e2e` runs it from the repo
# root as `KILN=/abs/kiln sh tests/e2e/run.sh` (KILN defaults to ./kiln).
#
# kiln is staged first: copied with share/ (which kiln finds beside itself)
# and the tests into a fresh world-readable directory, so that another user
# can run it wherever the checkout lives (CI clones under /root, mode 700).
# As root the whole suite runs twice: as root, whose runs are nobody on the
# host, and as the unprivileged user kilntest, whose runs keep its uid.
# Otherwise it runs once, as the current user. The last line is
# "N passed, N failed"; the exit status is 0 only if nothing failed.
# KILN_E2E_ONLY=REGEX runs only the tests whose names match.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KILN=${KILN:-$PWD/kiln}
case $KILN in /*) ;; *) KILN=$PWD/$KILN ;; esac
TESTUSER=kilntest

# say_total PASSED FAILED: the line CI reads, and the exit status.
say_total() {
	echo "$1 passed, $2 failed"
	[ "$2" -eq 0 ]
	exit $?
}

if [ ! -x "$KILN" ]; then
	echo "FAIL setup kiln: $KILN is not an executable (run make first)"
	say_total 0 1
fi
for tool in python3 bash setpriv pgrep sha256sum; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAIL setup $tool: not installed (see tests/deps.sh)"
		say_total 0 1
	fi
done

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/kiln-e2e-stage.XXXXXX") || exit 1
HOME_CANARY_DIR=
cleanup() {
	rm -rf "$STAGE"
	[ -n "$HOME_CANARY_DIR" ] && rm -rf "$HOME_CANARY_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

cp "$KILN" "$STAGE/kiln" && cp -R "$ROOT/share" "$STAGE/share" &&
cp -R "$ROOT/themes" "$STAGE/themes" &&
mkdir "$STAGE/tests" &&
cp -R "$ROOT/tests/e2e" "$ROOT/tests/hostile" "$ROOT/tests/tui" "$STAGE/tests/" || {
	echo "FAIL setup stage: cannot copy kiln and the tests to $STAGE"
	say_total 0 1
}
chmod 755 "$STAGE" "$STAGE/kiln"
chmod -R a+rX "$STAGE"
cd "$STAGE" || exit 1	# the checkout may be closed to the second user

# run_pass NAME [COMMAND PREFIX...]: one pass of suite.sh, its lines shown
# as they come and kept, to be counted.
PASSED=0
FAILED=0
run_pass() {
	name=$1
	shift
	log=$STAGE/$name.log
	# setpriv --reset-env drops the caller's environment: pass on what
	# the suite reads (the ASan build raises the bound on kiln's RSS).
	"$@" env KILN="$STAGE/kiln" KILN_E2E_ONLY="${KILN_E2E_ONLY:-}" \
	    KILN_RSS_MAX_KB="${KILN_RSS_MAX_KB:-65536}" \
	    KILN_E2E_HOME_CANARY="${KILN_E2E_HOME_CANARY:-}" \
	    KILN_E2E_CHECKOUT="$ROOT" \
	    bash "$STAGE/tests/e2e/suite.sh" "$name" 2>&1 | tee "$log"
	# The history's own end-to-end checks, as the same user; their
	# closing count is left out, the total below counts every line.
	if [ -z "${KILN_E2E_ONLY:-}" ]; then
		"$@" env KILN="$STAGE/kiln" sh "$STAGE/tests/e2e/history.sh" \
		    2>&1 | sed -e "s/^ok   /ok   $name history /" \
		    -e "s/^FAIL /FAIL $name history /" \
		    -e '/^[0-9]* passed, [0-9]* failed$/d' | tee -a "$log"
		grep -q "history" "$log" || echo "FAIL $name history: no output" |
		    tee -a "$log"
		"$@" env KILN="$STAGE/kiln" sh "$STAGE/tests/e2e/analyze.sh" \
		    2>&1 | sed -e "s/^ok   /ok   $name analyze /" \
		    -e "s/^FAIL /FAIL $name analyze /" \
		    -e '/^[0-9]* passed, [0-9]* failed$/d' | tee -a "$log"
		grep -q " analyze " "$log" || echo "FAIL $name analyze: no output" |
		    tee -a "$log"
		"$@" env KILN="$STAGE/kiln" sh "$STAGE/tests/tui/tui.sh" \
		    2>&1 | sed -e "s/^ok   /ok   $name tui /" \
		    -e "s/^FAIL /FAIL $name tui /" \
		    -e '/^[0-9]* passed, [0-9]* failed$/d' | tee -a "$log"
		grep -q " tui " "$log" || echo "FAIL $name tui: no output" |
		    tee -a "$log"
		"$@" env KILN="$STAGE/kiln" sh "$STAGE/tests/tui/history.sh" \
		    2>&1 | sed -e "s/^ok   /ok   $name hview /" \
		    -e "s/^FAIL /FAIL $name hview /" \
		    -e '/^[0-9]* passed, [0-9]* failed$/d' | tee -a "$log"
		grep -q " hview " "$log" || echo "FAIL $name hview: no output" |
		    tee -a "$log"
	fi
	p=$(grep -c '^ok   ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	if ! grep -q '^# done$' "$log"; then
		echo "FAIL $name suite: the pass stopped before its end"
		f=$((f + 1))
	fi
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
}

if [ "$(id -u)" -ne 0 ]; then
	run_pass "$(id -un 2>/dev/null || echo user)"
	say_total "$PASSED" "$FAILED"
fi

# An unprivileged user for the second pass (idempotent).
if ! id "$TESTUSER" >/dev/null 2>&1; then
	useradd -M -N -s /usr/sbin/nologin -c "kiln e2e tests" "$TESTUSER" ||
	    id "$TESTUSER" >/dev/null 2>&1 || {
		echo "FAIL setup user: cannot create $TESTUSER"
		say_total 0 1
	}
fi
TESTGID=$(id -g "$TESTUSER")

# A secret in /home that both passes' runs must never see.
if [ -d /home ]; then
	HOME_CANARY_DIR=$(mktemp -d /home/kiln-e2e-canary.XXXXXX) &&
	chmod 755 "$HOME_CANARY_DIR" &&
	echo "kiln-home-canary-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" \
	    >"$HOME_CANARY_DIR/secret" &&
	chmod 644 "$HOME_CANARY_DIR/secret" &&
	KILN_E2E_HOME_CANARY=$HOME_CANARY_DIR/secret
fi

run_pass root
run_pass "$TESTUSER" setpriv --reuid="$TESTUSER" --regid="$TESTGID" \
    --init-groups --reset-env
say_total "$PASSED" "$FAILED"
