#!/bin/sh
# queue.sh - the queue view (F8, kiln review), driven as a reviewer drives
# it: a real `kiln serve` on a socket of its own, runs submitted by the
# unprivileged user kilntest, the reviewer (root) in `kiln review` inside
# tmux, keys sent with send-keys and the screen read back with
# capture-pane; the server's side is checked with kiln status --json and
# python3's sqlite3.
#
#	KILN=./kiln sh tests/tui/queue.sh
#
# Each check prints "ok   NAME" or "FAIL NAME: why" (with the screen); the
# last line is "N passed, N failed". Needs tmux, python3, setpriv, root,
# and the user kilntest (see tests/deps.sh).
# shellcheck disable=SC2317,SC2015,SC2034	# helpers are called indirectly; pass || fail
set -u

TUI_NAME=queue
. "$(dirname "$0")/lib.sh"

QUSER=kilntest
if [ "$(id -u)" -ne 0 ] || ! id "$QUSER" >/dev/null 2>&1 ||
    ! command -v setpriv >/dev/null 2>&1; then
	fail setup "needs root, setpriv and the user $QUSER"
	finish
fi
QGID=$(id -g "$QUSER")

# The submitter reaches the socket and the sources through $P only.
chmod 711 "$D"
P=$D/pub
mkdir -p "$P"
chmod 755 "$P"
S=$P/q.sock
QDB=$D/q.db
SERVE_PID=
trap '[ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; $TM kill-server 2>/dev/null; rm -rf "$D"' EXIT
printf '[serve]\nreviewers = root\nsocket_mode = 0666\nallow_self_approval = no\n[policy]\nask_at = medium\n' \
    >"$D/q.conf"

# serve_start: kiln serve in the background, until its socket answers.
serve_start() {
	rm -f "$S"
	"$KILN" serve --socket "$S" --db "$QDB" --config "$D/q.conf" \
	    >>"$D/serve.log" 2>&1 &
	SERVE_PID=$!
	i=0
	while [ $i -lt 50 ] && [ ! -S "$S" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -S "$S" ]
}

# serve_stop: SIGTERM, and wait for it to end.
serve_stop() {
	kill "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
	SERVE_PID=
}

# as_user CMD...: CMD as the unprivileged submitter.
as_user() {
	(cd "$P" && setpriv --reuid="$QUSER" --regid="$QGID" --init-groups \
	    --reset-env "$@")
}

# submit NAME CODE: kilntest submits CODE as $P/NAME; its id goes to stdout.
submit() {
	printf '%s' "$2" >"$P/$1"
	chmod 644 "$P/$1"
	as_user "$KILN" submit "$P/$1" --socket "$S" 2>>"$D/submit.log"
}

# jfield ID FIELD: a field of kiln status ID --json (as root).
jfield() {
	"$KILN" status "$1" --json --socket "$S" 2>/dev/null | python3 -c '
import json, sys
v = json.load(sys.stdin).get(sys.argv[1])
print("" if v is None else v)' "$2"
}

# sql QUERY: one value from the server's database.
sql() {
	python3 -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print("" if r is None or r[0] is None else r[0])' "$QDB" "$1"
}

# review [USER]: kiln review in a fresh tmux session (as USER, or root).
review() {
	$TM kill-server 2>/dev/null
	sleep 0.1
	env="TERM=xterm-256color LANG=C.UTF-8"
	if [ $# -gt 0 ]; then
		cmd="setpriv --reuid=$1 --regid=$(id -g "$1") --init-groups --reset-env env $env HOME=$P '$KILN' review --no-history --socket '$S'"
	else
		cmd="env $env XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' '$KILN' review --db '$DB' --socket '$S'"
	fi
	i=0
	until $TM -f /dev/null new-session -d -s k -x 120 -y 40 \
	    "$cmd; sleep 600" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 20 ] || { fail "review $*" "tmux would not start"; return 1; }
		sleep 0.1
	done
	$TM set -g bell-action any
	$TM set -g visual-bell off
	$TM set -g monitor-bell on
	$TM new-window -d -t k:1 "sleep 600"
}

# bell: the window's bell flag (1 once kiln rang; bell_clear resets it).
bell() {
	$TM display -p -t k:0 '#{window_bell_flag}'
}
bell_clear() {
	$TM select-window -t k:1
	$TM select-window -t k:0
}

if ! serve_start; then
	fail serve-starts "no socket at $S"
	cat "$D/serve.log"
	finish
fi

# ---- the view, and a run that appears by itself, with the bell ----------------

review
expect_for review-opens "Queue: 0 waiting, 0 queued, 0 running" 10
expect_for header-user "user root, reviewer yes" 5
sleep 0.3
bell_clear
[ "$(bell)" = 0 ] && pass bell-clear-at-start || fail bell-clear-at-start \
    "the bell flag is $(bell) before anything was submitted"

# A low-risk run is queued, runs and goes: no bell for it.
id_low=$(submit low.py 'print("low risk")
')
sleep 1.5
[ "$(bell)" = 0 ] && pass no-bell-for-queued-run || fail no-bell-for-queued-run \
    "the bell rang for run $id_low, which did not wait"

# A risky one waits: it appears without a key, and the bell rings.
id1=$(submit slow.py 'import os, time
for i in range(3):
    print("tick", i, flush=True)
    time.sleep(0.3)
os.system("echo done")
')
if wait_for "Queue: 1 waiting" 5 && grep -qE "^ *$id1  waiting +$QUSER +python +high .*slow.py" "$D/screen"; then
	pass run-appears-without-key
else
	fail run-appears-without-key "run '$id1' never showed as waiting"
fi
i=0
while [ $i -lt 20 ] && [ "$(bell)" != 1 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(bell)" = 1 ] && pass bell-rings-for-waiting-run || fail bell-rings-for-waiting-run \
    "no bell for run $id1"

# ---- the dialog: warnings and code, then approve and watch ---------------------

keys Enter
expect_for dialog-opens "Queue run waiting: risk high" 5
if has "py.os-exec" && has "os.system" && has "runs a program or shell command"; then
	pass dialog-shows-warning
else
	fail dialog-shows-warning "no warning, rule or match"
fi
has 'os.system("echo done")' && pass dialog-shows-code || fail dialog-shows-code \
    "the warned line is not shown"
has "$QUSER" && pass dialog-names-submitter || fail dialog-names-submitter \
    "no submitter"
lacks "e Edit" && pass dialog-no-edit-key || fail dialog-no-edit-key "e Edit offered"
sleep 0.3
keys e
expect_for dialog-edit-refused "not edited here" 5
keys v
if wait_for "v Warnings" 5; then pass dialog-view-code; else
	fail dialog-view-code "v did not show the whole code"; fi
keys v
keys a
expect_for approve-message "run $id1 approved" 5
expect_for watch-shows-output "tick 2" 10
expect_for watch-summary "-- ok, exit 0" 10
has "approved by root" && pass watch-summary-approver || fail watch-summary-approver \
    "the summary does not name root"
if [ "$(jfield "$id1" decision)" = approved ] &&
    [ "$(jfield "$id1" decided_by)" = root ] &&
    [ "$(jfield "$id1" status)" = ok ]; then
	pass server-approved-by-root
else
	fail server-approved-by-root "status: $("$KILN" status "$id1" --json --socket "$S" 2>&1)"
fi
ticks=$(sql "select stdout from runs where id = $id1" | grep -c "tick 0")
if [ "$ticks" = 1 ] && [ "$(sql "select count(*) from runs where code like '%tick%'")" = 1 ]; then
	pass server-ran-once
else
	fail server-ran-once "tick 0 printed $ticks times"
fi

# ---- watching a running run: its gauges follow the server's samples ----------

id_spin=$(submit spin.py 'import time
t = time.time()
while time.time() - t < 4:
    pass
print("spun", flush=True)
')
if wait_for "Queue: 0 waiting, 0 queued, 1 running" 5; then
	keys Home w
	# The gauge must show the loop's CPU at some point within 3 s.
	if wait_cpu_above 20 15; then
		pass watch-gauge-cpu
	else
		fail watch-gauge-cpu "CPU gauge shows '${cpu:-nothing}' while run $id_spin spins"
	fi
	expect_for watch-spin-output "spun" 10
else
	fail watch-gauge-cpu "run '$id_spin' never showed as running"
fi

# ---- reject: a reason is required -----------------------------------------------

id2=$(submit rm.py 'import shutil
shutil.rmtree("/tmp/nothing-here")
')
expect_for second-run-appears "rm.py" 5
keys End
keys Enter
expect_for reject-dialog-opens "Queue run waiting" 5
sleep 0.3
keys r
expect_for reject-asks-reason "Reason (required)" 5
keys Enter
expect_for reject-needs-reason "a reason is required" 5
typetext "deletes files"
keys Enter
expect_for reject-message "run $id2 rejected" 5
if [ "$(jfield "$id2" status)" = rejected ] &&
    [ "$(jfield "$id2" decision_reason)" = "deletes files" ] &&
    [ "$(jfield "$id2" decided_by)" = root ]; then
	pass server-rejected-with-reason
else
	fail server-rejected-with-reason "status: $("$KILN" status "$id2" --json --socket "$S" 2>&1)"
fi

# ---- Escape leaves a run waiting ----------------------------------------------------

id3=$(submit sys.py 'import os
os.system("true")
')
expect_for third-run-appears "sys.py" 5
keys End
keys Enter
expect_for esc-dialog-opens "Queue run waiting" 5
sleep 0.3
keys Escape
expect_for esc-leaves-waiting "still waiting" 5
[ "$(jfield "$id3" state)" = waiting ] && pass server-still-waiting || \
    fail server-still-waiting "run $id3 is $(jfield "$id3" state)"

# ---- help, and back to the workbench and in again with F8 ---------------------------

keys F1
expect_for help-opens "kiln queue - keys" 5
keys Escape
wait_gone "kiln queue - keys" 5 && pass help-closes || fail help-closes "still shown"
keys F8
expect_for f8-back-to-workbench "F8Queue" 5
keys F8
expect_for f8-opens-queue "Queue: 1 waiting" 5

# ---- the server goes away and comes back --------------------------------------------

serve_stop
expect_for lost-connection "lost the connection to kiln serve; retrying" 5
keys Down
has "not connected" && pass lost-survives-keys || fail lost-survives-keys "gone"
serve_start || fail serve-restarts "no socket"
expect_for reconnects "Queue: 1 waiting" 8

# ---- a resize, and a terminal too small --------------------------------------------

$TM resize-window -t k:0 -x 30 -y 8
expect_for too-small "terminal too small" 5
$TM resize-window -t k:0 -x 100 -y 30
expect_for resized-back "Queue: 1 waiting" 5

# ---- a non-reviewer sees their own runs, and the refusal -----------------------------

review "$QUSER"
expect_for nonreviewer-header "user $QUSER, reviewer no" 10
expect_for nonreviewer-sees-own-run "sys.py" 5
keys End
keys Enter
expect_for nonreviewer-dialog "Queue run waiting" 5
sleep 0.3
keys a
if wait_for "run $id3: " 5 && has "not a reviewer"; then
	pass nonreviewer-refused
else
	fail nonreviewer-refused "no refusal shown"
fi
[ "$(jfield "$id3" state)" = waiting ] && pass nonreviewer-left-waiting || \
    fail nonreviewer-left-waiting "run $id3 is $(jfield "$id3" state)"

finish
