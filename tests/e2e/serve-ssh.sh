#!/bin/bash
# serve-ssh.sh - a reviewer who reviews over a real SSH session: OpenSSH's
# sshd on 127.0.0.1 (a host key and a user key made here), a `kiln serve`
# as root, kq-alice submitting risky runs, and kq-rev logging in to approve
# and reject them with `kiln queue`/`kiln approve`/`kiln reject`, and then
# with the workbench's queue view (`kiln review`) inside tmux, over `ssh -t`.
# What happened is checked in the server's database.
#
#	KILN=./kiln bash tests/e2e/serve-ssh.sh
#
# Needs root (users, sshd), sshd (openssh-server), ssh, ssh-keygen, tmux and
# python3. Prints "ok   NAME" or "FAIL NAME: why" per check and then
# "N passed, N failed"; the exit status is 0 only if nothing failed.
# shellcheck disable=SC2317	# helpers are called indirectly
# shellcheck disable=SC2016	# checks given to eval expand when they run
set -u

SUITE=ssh
TOOLS="/usr/sbin/sshd ssh ssh-keygen tmux python3 setpriv useradd usermod"
. "$(dirname "$0")/serve-lib.sh"

SERVE_PID=
SSHD_PID=
cleanup() {
	$TM kill-server 2>/dev/null
	for p in $SSHD_PID $SERVE_PID; do stop_pid "$p"; done
	remove_d
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- users: kq-alice submits, kq-rev reviews and logs in ---------------------

for u in kq-alice kq-rev; do
	id "$u" >/dev/null 2>&1 ||
	    useradd -M -N -s /usr/sbin/nologin -c "kiln queue tests" "$u" 2>/dev/null
done
# kq-rev: a shell, a home here, and an account sshd does not see as locked
# (without PAM, sshd refuses a "!" password).
mkdir -p "$D/home"
if ! id kq-rev >/dev/null 2>&1 || ! id kq-alice >/dev/null 2>&1 ||
    ! usermod -s /bin/sh -d "$D/home" -p '*' kq-rev; then
	echo "FAIL setup: cannot create or set up the users kq-alice and kq-rev"
	finish
fi
chown kq-rev "$D/home"

# ---- sshd on 127.0.0.1 -----------------------------------------------------------

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -C kiln-test-host -f "$D/hostkey" &&
ssh-keygen -q -t ed25519 -N '' -C kiln-test-user -f "$D/userkey" || {
	echo "FAIL setup: ssh-keygen failed"
	finish
}
cp "$D/userkey.pub" "$D/authorized_keys"
chmod 644 "$D/authorized_keys"
cat >"$D/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $PORT
HostKey $D/hostkey
PidFile $D/sshd.pid
AuthorizedKeysFile $D/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AllowUsers kq-rev
PermitRootLogin no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
EOF
# the privilege separation directory sshd wants
[ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 755 /run/sshd; }
if ! /usr/sbin/sshd -t -f "$D/sshd_config" >"$D/sshd-t" 2>&1; then
	echo "FAIL setup: sshd -t: $(head -c 400 "$D/sshd-t" | tr '\n' ' ')"
	finish
fi
/usr/sbin/sshd -D -f "$D/sshd_config" -p "$PORT" -h "$D/hostkey" \
    -E "$D/sshd.log" </dev/null >/dev/null 2>&1 &
SSHD_PID=$!
python3 - "$PORT" <<'EOF' || { echo "FAIL setup: sshd does not listen on 127.0.0.1:$PORT ($(tail -c 300 "$D/sshd.log" | tr '\n' ' '))"; finish; }
import socket, sys, time
end = time.monotonic() + 10
while True:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        break
    except OSError:
        if time.monotonic() > end:
            sys.exit(1)
        time.sleep(0.05)
EOF
SSH="ssh -i $D/userkey -p $PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout=10"
# rsh COMMAND: runs COMMAND (a string for kq-rev's shell) over SSH; $RC,
# $D/out, $D/err.
rsh() {
	# shellcheck disable=SC2086	# $SSH is words
	$SSH kq-rev@127.0.0.1 "$1" >"$D/out" 2>"$D/err" </dev/null
	RC=$?
}
why() {
	echo "exit $RC; stdout: $(head -c 300 "$D/out"); stderr: $(head -c 300 "$D/err")"
}

rsh 'id -un'
if [ "$RC" = 0 ] && [ "$(cat "$D/out")" = kq-rev ]; then
	pass login-as-reviewer
else
	fail login-as-reviewer "$(why); sshd: $(tail -c 300 "$D/sshd.log")"
	finish
fi

# ---- kiln serve, as root ------------------------------------------------------------

mkdir "$D/srv"
chmod 755 "$D/srv"
SOCK=$D/srv/kiln.sock
cat >"$D/srv/serve.conf" <<EOF
[serve]
reviewers = kq-rev
socket_mode = 0666

[policy]
ask_at = medium
block_at = critical

[limits]
timeout = 10s
EOF
"$K" serve --socket "$SOCK" --db "$D/srv/q.db" --config "$D/srv/serve.conf" \
    --workers 2 2>"$D/srv/serve.log" </dev/null >/dev/null &
SERVE_PID=$!
if ! python3 "$KQ" connect "$SOCK" 10 "$SERVE_PID" >"$D/connect" 2>&1; then
	fail serve-starts "$(cat "$D/connect"); log: $(tail -c 300 "$D/srv/serve.log")"
	finish
fi

P=$D/p
mkdir "$P"
# risky TAG: kq-alice submits $P/TAG.py, a high-risk program that prints
# risky-ran-TAG; $ID is its id.
risky() {
	printf 'import os\n# tag %s\nos.system("echo risky" + "-ran-%s")\n' \
	    "$1" "$1" >"$P/$1.py"
	chmod 644 "$P/$1.py"
	ID=$(cd "$P" && setpriv --reuid=kq-alice --regid="$(id -g kq-alice)" \
	    --init-groups --reset-env env KILN_SOCKET="$SOCK" "$K" submit \
	    "$1.py" 2>"$D/submit.err" </dev/null)
}
sql() {
	python3 "$KQ" sql "$D/srv/q.db" "$@" 2>&1
}
field() {
	sql "SELECT $2 FROM runs WHERE id = ?" "$1"
}
wait_field() {
	wi=0
	while [ $wi -lt "$(( ${4:-15} * 10 ))" ]; do
		[ "$(field "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
		wi=$((wi + 1))
	done
	return 1
}

# ---- kiln queue / approve / reject over SSH ---------------------------------

risky ssh-cli
A=$ID
check submit-waits "id '$A': $(cat "$D/submit.err"); status $(field "$A" status)" \
    wait_field "$A" status waiting 5
rsh "KILN_SOCKET=$SOCK $K queue"
check queue-over-ssh "$(why)" eval \
    '[ "$RC" = 0 ] && grep -E "(^|[^0-9])$A([^0-9]|$)" "$D/out" | grep -q kq-alice'
rsh "KILN_SOCKET=$SOCK $K queue --json"
check queue-json-over-ssh "$(why)" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(r["id"] == int(sys.argv[2]) and r["state"] == "waiting"
                  and r["submitter"] == "kq-alice" for r in d["runs"]) else 1)' "$D/out" "$A"
rsh "KILN_SOCKET=$SOCK $K approve $A --reason 'fine over ssh'"
check approve-over-ssh "$(why)" test "$RC" = 0
wait_field "$A" status ok
check approved-over-ssh-ran "$(field "$A" 'status, decision, decided_by, decided_how, decision_reason, stdout')" \
    test "$(field "$A" 'status, decision, decided_by, decided_how, decision_reason, stdout')" = \
    "$(printf 'ok\tapproved\tkq-rev\tqueue\tfine over ssh\trisky-ran-ssh-cli')"
risky ssh-rej
R=$ID
wait_field "$R" status waiting 5
rsh "$K reject $R --reason 'not over ssh' --socket $SOCK"
check reject-over-ssh "$(why); $(field "$R" 'status, decision, decided_by, decision_reason')" eval \
    '[ "$RC" = 0 ] && [ "$(field "$R" "status, decision, decided_by, decision_reason")" = "$(printf "rejected\trejected\tkq-rev\tnot over ssh")" ]'

# ---- the workbench's queue view, in tmux, over ssh -t ------------------------

screen() {
	$TM capture-pane -p -t k >"$D/screen" 2>/dev/null
}
has() {
	screen
	grep -qF -- "$1" "$D/screen"
}
wait_for() {
	wi=0
	while [ $wi -lt "$(( ${2:-10} * 10 ))" ]; do
		# (each screen waited for is kept, for KILN_E2E_KEEP=1)
		has "$1" && cp "$D/screen" "$D/screen.$(printf '%s' "$1" | tr -c 'a-zA-Z0-9' _)" && return 0
		sleep 0.1
		wi=$((wi + 1))
	done
	return 1
}
tfail() {
	fail "$1" "$2"
	sed 's/^/     | /' "$D/screen" 2>/dev/null | head -40
}

cat >"$D/tui.sh" <<EOF
$SSH -t kq-rev@127.0.0.1 "env TERM=xterm-256color LANG=C.UTF-8 $K review --socket $SOCK"
echo \$? >'$D/tui.rc'
sleep 600
EOF
$TM -f /dev/null new-session -d -s k -x 120 -y 40 "sh '$D/tui.sh'" 2>"$D/tmux.err" || {
	fail tui-starts "tmux would not start: $(cat "$D/tmux.err")"
	finish
}
# A bell in the pane (the view rings it when a run starts waiting) runs
# this hook.
$TM set -g monitor-bell on \; set -g bell-action any \; \
    set-hook -g alert-bell "run-shell 'touch $D/bell'" 2>/dev/null
if wait_for SUBMITTER 15; then
	pass tui-opens-over-ssh
else
	tfail tui-opens-over-ssh "the queue view's table never showed"
fi
rm -f "$D/bell"
risky tui-approve-me
T=$ID
if wait_for tui-approve-me 10; then
	pass tui-shows-new-run
else
	tfail tui-shows-new-run "run $T (tui-approve-me.py) never appeared"
fi
wi=0
while [ ! -e "$D/bell" ] && [ $wi -lt 30 ]; do sleep 0.1; wi=$((wi + 1)); done
check tui-rings-bell "no bell in the pane within 3 s of run $T starting to wait" test -e "$D/bell"
# It is the only run in the queue, so it is selected: Enter opens the
# approval dialog (which shows the code), and a approves after its guard.
$TM send-keys -t k Enter
if wait_for 'os.system' 5; then
	pass tui-dialog-opens
else
	tfail tui-dialog-opens "Enter on run $T did not show its code"
fi
sleep 0.4
$TM send-keys -t k a
if wait_field "$T" status ok 10 &&
    [ "$(field "$T" 'decision, decided_by, decided_how, stdout')" = "$(printf 'approved\tkq-rev\tqueue\trisky-ran-tui-approve-me')" ]; then
	pass tui-approves-over-ssh
else
	screen
	tfail tui-approves-over-ssh "run $T: $(field "$T" 'status, decision, decided_by, decided_how')"
fi
# F10 quits the workbench; the SSH session ends with kiln's status.
$TM send-keys -t k F10
wi=0
while [ ! -e "$D/tui.rc" ] && [ $wi -lt 50 ]; do sleep 0.1; wi=$((wi + 1)); done
screen
check tui-quits "$( [ -e "$D/tui.rc" ] && echo "exit $(cat "$D/tui.rc")" || echo "still running")" \
    test "$(cat "$D/tui.rc" 2>/dev/null)" = 0

kill -TERM "$SERVE_PID"
wi=0
while kill -0 "$SERVE_PID" 2>/dev/null && [ $wi -lt 100 ]; do
	sleep 0.1
	wi=$((wi + 1))
done
if kill -0 "$SERVE_PID" 2>/dev/null; then
	rc="none in 10 s"
else
	wait "$SERVE_PID"
	rc=$?
	SERVE_PID=
fi
check serve-stops "kiln serve exited $rc: $(tail -c 300 "$D/srv/serve.log")" test "$rc" = 0
finish
