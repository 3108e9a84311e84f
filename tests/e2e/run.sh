#!/bin/sh
# run.sh - kiln's end-to-end suite. `make check-e2e` runs it from the repo
# root as `KILN=/abs/kiln sh tests/e2e/run.sh` (KILN defaults to ./kiln).
#
# kiln is staged first: copied with share/ (which kiln finds beside itself)
# and the tests into a fresh world-readable directory, so that another user
# can run it wherever the checkout lives (CI clones under /root, mode 700).
# As root the whole suite runs twice: as root, whose runs are nobody on the
# host, and as the unprivileged user kilntest, whose runs keep its uid.
# As root, the shared queue's suites (serve.sh: kiln serve and users made
# for it; serve-ssh.sh: a reviewer over sshd; tui/queue.sh: the queue view)
# also run, once, beside the second pass. Otherwise it runs once, as the current user. The last line is
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

# side NAME WORD SCRIPT [COMMAND PREFIX...]: one of the other suites, its
# lines marked "NAME WORD" and kept in $STAGE/NAME.WORD.log.
side() {
	sname=$1
	sword=$2
	sscript=$3
	shift 3
	"$@" env KILN="$STAGE/kiln" sh "$STAGE/$sscript" 2>&1 |
	    sed -e "s/^ok   /ok   $sname $sword /" \
	    -e "s/^FAIL /FAIL $sname $sword /" \
	    -e '/^[0-9]* passed, [0-9]* failed$/d' >"$STAGE/$sname.$sword.log"
}

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
	# The other suites, as the same user, side by side: the history's and
	# the analyzer's end-to-end checks, and the workbench's in tmux (each
	# its own server and directory), which mostly wait on a screen. Their
	# lines follow the suite's, one suite after another; their closing
	# counts are left out, the total below counts every line.
	if [ -z "${KILN_E2E_ONLY:-}" ]; then
		side "$name" history tests/e2e/history.sh "$@" &
		side "$name" analyze tests/e2e/analyze.sh "$@" &
		side "$name" tui tests/tui/tui.sh "$@" &
		side "$name" hview tests/tui/history.sh "$@" &
		wait
		for word in history analyze tui hview; do
			tee -a "$log" <"$STAGE/$name.$word.log"
			grep -q " $word " "$STAGE/$name.$word.log" ||
			    echo "FAIL $name $word: no output" | tee -a "$log"
		done
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

# queue_suites: the shared queue's suites (tests/e2e/serve.sh,
# serve-ssh.sh, then the queue view's tests/tui/queue.sh), which need
# root: they make users, start kiln serve (as root and as kilntest) and
# sshd. Each one's lines are marked "root WORD" and kept in
# $STAGE/root.WORD.log.
queue_suites() {
	for qs in serve:e2e/serve.sh ssh:e2e/serve-ssh.sh qview:tui/queue.sh; do
		env KILN="$STAGE/kiln" bash "$STAGE/tests/${qs#*:}" 2>&1 |
		    sed -e "s/^ok   /ok   root ${qs%%:*} /" \
		    -e "s/^FAIL /FAIL root ${qs%%:*} /" \
		    -e '/^[0-9]* passed, [0-9]* failed$/d' \
		    >"$STAGE/root.${qs%%:*}.log"
	done
}

run_pass root
# They run once, beside the second pass, which mostly waits on its own
# programs: make check takes hardly longer.
QPID=
if [ -z "${KILN_E2E_ONLY:-}" ]; then
	queue_suites &
	QPID=$!
fi
run_pass "$TESTUSER" setpriv --reuid="$TESTUSER" --regid="$TESTGID" \
    --init-groups --reset-env
if [ -n "$QPID" ]; then
	wait "$QPID"
	for word in serve ssh qview; do
		log=$STAGE/root.$word.log
		cat "$log"
		p=$(grep -c '^ok   ' "$log")
		f=$(grep -c '^FAIL ' "$log")
		if ! grep -q " $word " "$log"; then
			echo "FAIL root $word: no output"
			f=$((f + 1))
		fi
		PASSED=$((PASSED + p))
		FAILED=$((FAILED + f))
	done
fi
say_total "$PASSED" "$FAILED"
