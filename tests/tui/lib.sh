# lib.sh - what the workbench's tmux-driven tests share: kiln in a tmux
# session of its own, keys sent with send-keys, the screen read back with
# capture-pane, and "ok NAME" / "FAIL NAME: why" lines counted (with
# tests/e2e/check-lib.sh). Sourced by tui.sh, history.sh and queue.sh
# (TUI_NAME names the temporary directory).
# shellcheck shell=sh disable=SC2034,SC2317	# used by the scripts
set -u

. "$(dirname "$0")/../e2e/check-lib.sh"
need tmux python3
scratch "${TUI_NAME:-tui}"
FAIL_SHOW=$D/screen	# under each failure, the screen
DB=$D/history.db
# screen: the pane as a person sees it, in $D/screen.
screen() {
	$TM capture-pane -p -t k >"$D/screen" 2>/dev/null
}

# has TEXT / lacks TEXT: on the screen now.
has() {
	screen
	grep -qF -- "$1" "$D/screen"
}
lacks() {
	screen
	! grep -qF -- "$1" "$D/screen"
}

# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
	i=0
	n=$(( ${2:-10} * 10 ))
	while [ $i -lt "$n" ]; do
		has "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_cpu_above PERCENT TRIES: until the CPU gauge shows more than
# PERCENT, looking TRIES times, 0.2 s apart (a sample can fall while the
# machine is busy with other tests). The last figure read is in $cpu.
wait_cpu_above() {
	i=0
	cpu=
	while [ $i -lt "$2" ]; do
		screen
		cpu=$(grep -o 'CPU *[0-9]*%' "$D/screen" | head -1 | tr -dc '0-9')
		[ -n "$cpu" ] && [ "$cpu" -gt "$1" ] && return 0
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
	i=0
	n=$(( ${2:-10} * 10 ))
	while [ $i -lt "$n" ]; do
		lacks "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# expect_for NAME TEXT [SECONDS]
expect_for() {
	if wait_for "$2" "${3:-10}"; then
		pass "$1"
	else
		fail "$1" "the screen never showed '$2'"
	fi
}

# start [WxH] ARGS...: kiln in a fresh tmux session; its status goes to
# $D/rc when it exits.
start() {
	size=$1
	shift
	$TM kill-server 2>/dev/null
	rm -f "$D/rc"
	for a in "$@"; do printf "'%s' " "$a"; done >"$D/args"
	cat >"$D/run.sh" <<EOF
cd '$D' || exit 1
"\$KILN" --db '$DB' $(cat "$D/args")
echo \$? >'$D/rc'
sleep 600
EOF
	# A server on its way out can refuse the new session: try again.
	i=0
	until $TM -f /dev/null new-session -d -s k -x "${size%x*}" \
	    -y "${size#*x}" \
	    "env KILN='$KILN' TERM=${T_TERM:-xterm-256color} LANG=C.UTF-8 EDITOR='${T_EDITOR:-false}' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' ${T_ENV:-} sh '$D/run.sh'" \
	    2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 20 ] || { fail "start $*" "tmux would not start"; return 1; }
		sleep 0.1
	done
	# OSC 52 reaches tmux's buffers: kiln's copy must, a program's never.
	$TM set -g set-clipboard on 2>/dev/null
}

# keys KEYS...: send-keys, then a moment for the screen to follow.
keys() {
	$TM send-keys -t k "$@"
	sleep 0.15
}

# type TEXT: literal text.
typetext() {
	$TM send-keys -t k -l "$1"
	sleep 0.15
}

