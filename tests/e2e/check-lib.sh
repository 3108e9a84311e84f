# check-lib.sh - what every shell suite shares: kiln's path, "ok NAME" and
# "FAIL NAME: why" lines counted to the "N passed, N failed" line CI
# reads, the tools a suite needs, and a private scratch directory.
# Sourced by tests/e2e/analyze.sh, history.sh and serve-lib.sh, and by
# tests/tui/lib.sh. PFX, when set, prefixes each check's name; FAIL_SHOW,
# when it names a file, is shown under each failure (the screen, in the
# tmux suites).
# shellcheck shell=sh disable=SC2034,SC2317	# used by the suites

KILN=${KILN:-./kiln}
case $KILN in /*) ;; *) KILN=$PWD/$KILN ;; esac
PASSED=0
FAILED=0

# pass NAME / fail NAME WHY: one line per check; WHY is kept to one line,
# so that no text of it can pass for a line of its own.
pass() {
	PASSED=$((PASSED + 1))
	echo "ok   ${PFX:+$PFX }$1"
}
fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL ${PFX:+$PFX }$1: $(printf '%s' "$2" | tr '\n' ' ')"
	if [ -n "${FAIL_SHOW:-}" ]; then
		sed 's/^/     | /' "$FAIL_SHOW" 2>/dev/null | head -60
	fi
	return 0
}
# finish: the line CI reads, and the exit status.
finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit $?
}
# check NAME WHY COMMAND...: passes when COMMAND succeeds, else fails with WHY.
check() {
	cname=$1
	cwhy=$2
	shift 2
	if "$@"; then pass "$cname"; else fail "$cname" "$cwhy"; fi
}
# need TOOL...: each is installed, or the suite fails at its set-up.
need() {
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			fail setup "$tool is not installed (see tests/deps.sh)"
			finish
		fi
	done
}
# scratch NAME: a private directory $D, removed on exit with the tmux
# server $TM if the suite started one, and XDG_DATA_HOME and
# XDG_CONFIG_HOME inside it, so that the tester's own history and config
# never matter. tmux runs its panes through $SHELL, which for a system
# user may be nologin.
scratch() {
	D=$(mktemp -d "${TMPDIR:-/tmp}/kiln-$1.XXXXXX") || exit 1
	TM="tmux -S $D/tmux.sock"
	trap '$TM kill-server 2>/dev/null; rm -rf "$D"' EXIT
	trap 'exit 130' INT TERM HUP
	SHELL=/bin/sh
	export SHELL
	export XDG_DATA_HOME="$D/data" XDG_CONFIG_HOME="$D/config"
	mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME/kiln"
}
