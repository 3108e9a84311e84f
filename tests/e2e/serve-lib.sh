# serve-lib.sh - what the shared queue's suites share (serve.sh and
# serve-ssh.sh source it): besides check-lib.sh's counters, checks and
# private directory $D, the set-up checks, a world-readable copy of kiln
# in $D, and stopping a process. Set before sourcing: SUITE (the word in a
# set-up failure and in $D's name) and TOOLS (the commands the suite needs
# besides kiln). PFX, when set, prefixes every check's name.

. "$(dirname "$0")/check-lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

# setup_fail WHY: the suite cannot run; that is a failure, said once.
setup_fail() {
	echo "FAIL $SUITE setup: $1"
	FAILED=$((FAILED + 1))
	finish
}

[ "$(id -u)" -eq 0 ] ||
	setup_fail "needs root to create its users (and start sshd)"
[ -x "$KILN" ] || setup_fail "$KILN is not an executable (run make first)"
for tool in $TOOLS; do
	command -v "$tool" >/dev/null 2>&1 ||
	    setup_fail "$tool is not installed (see tests/deps.sh)"
done

scratch "$SUITE"		# the suite sets its own cleanup later
chmod 755 "$D"

# stop_pid PID [TENTHS]: SIGTERM, up to TENTHS tenths of a second (50)
# to go, then SIGKILL; false when it had to be killed.
stop_pid() {
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt "${2:-50}" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$1" 2>/dev/null || return 0
	kill -KILL "$1" 2>/dev/null
	return 1
}

# remove_d: $D goes, unless KILN_E2E_KEEP says to keep it.
remove_d() {
	[ -n "${KILN_E2E_KEEP:-}" ] && echo "# kept $D" && return
	rm -rf "$D"
}

# A world-readable copy of kiln and share/ (found beside the binary), and
# kq.py, so that every user can run them wherever the checkout lives: $K
# and $KQ. (scratch keeps the tester's own configuration and history out.)
mkdir "$D/stage"
cp "$KILN" "$D/stage/kiln" && cp -R "$(dirname "$KILN")/share" "$D/stage/share" &&
    cp "$HERE/kq.py" "$D/stage/kq.py" ||
	setup_fail "cannot stage kiln and share/ in $D/stage"
[ -d "$(dirname "$KILN")/themes" ] &&
    cp -R "$(dirname "$KILN")/themes" "$D/stage/themes"
chmod -R a+rX "$D/stage"
K=$D/stage/kiln
KQ=$D/stage/kq.py
