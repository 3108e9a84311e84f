#!/bin/bash
# serve.sh - end-to-end tests of the shared queue: a real `kiln serve` and
# real unix users, made here, who submit, review, approve, reject, cancel
# and wait with the real `kiln` commands (and, for the forged requests, the
# protocol spoken directly). Outcomes are checked on the host and in the
# server's database, never taken from what a program printed about itself.
#
#	KILN=./kiln bash tests/e2e/serve.sh
#
# Needs root (it creates the users kq-alice, kq-bob, kq-carol, kq-dave,
# kq-rev, kq-rev2 and the group kq-reviewers, idempotently). The whole
# suite runs twice: the server as root, then as the unprivileged user
# kilntest. Each check prints "ok   as-USER NAME" or "FAIL as-USER NAME:
# why"; the last line is "N passed, N failed", and the exit status is 0
# only if nothing failed. KILN_SERVE_AS="root" (or "kilntest") runs one
# pass only.
# shellcheck disable=SC2317	# helpers are called indirectly
# shellcheck disable=SC2016	# checks given to eval expand when they run
set -u

SUITE=serve
TOOLS="python3 setpriv useradd groupadd usermod pgrep xargs"
PFX=setup
. "$(dirname "$0")/serve-lib.sh"

SERVE_PID=
STOP_RC=none
BGPIDS=
cleanup() {
	for p in $BGPIDS; do kill -TERM "$p" 2>/dev/null; done
	stop_pid "$SERVE_PID"
	remove_d
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# ---- users -------------------------------------------------------------------

# ensure_user NAME SHELL [useradd options]: the user exists (idempotent; a
# concurrent creator is fine).
ensure_user() {
	u=$1
	sh=$2
	shift 2
	id "$u" >/dev/null 2>&1 && return 0
	useradd -M -N -s "$sh" -c "kiln queue tests" "$@" "$u" 2>/dev/null
	id "$u" >/dev/null 2>&1
}
groupadd -f kq-reviewers 2>/dev/null
ok=1
for u in kq-alice kq-bob kq-carol kq-dave kilntest; do
	ensure_user "$u" /usr/sbin/nologin || ok=0
done
ensure_user kq-rev /bin/sh -d /nonexistent || ok=0
ensure_user kq-rev2 /usr/sbin/nologin -G kq-reviewers || ok=0
# kq-rev2 is a reviewer only through the group, kq-rev only by name.
id -nG kq-rev2 2>/dev/null | grep -qw kq-reviewers ||
	usermod -a -G kq-reviewers kq-rev2 || ok=0
if [ $ok = 0 ] || id -nG kq-rev | grep -qw kq-reviewers; then
	echo "FAIL serve setup: cannot create the test users and group"
	finish
fi

# ---- programs ------------------------------------------------------------------

P=$D/p
mkdir -p "$P"
# risky TAG: a Python program of high risk (it runs a shell command), which
# prints risky-ran-TAG; its file is $P/risky-TAG.py.
risky() {
	printf 'import os\n# tag %s\nos.system("echo risky" + "-ran-%s")\n' \
	    "$1" "$1" >"$P/risky-$1.py"
}
# low TAG: a bash program of no risk that prints low-TAG ($P/low-TAG.sh).
low() {
	printf 'echo low-%s\n' "$1" >"$P/low-$1.sh"
}
# marked TAG [SECONDS]: low risk, runs `sleep` under the name kqmark-TAG so
# the host can see whether it still runs ($P/mark-TAG.sh).
marked() {
	printf 'echo started-%s\nexec -a kqmark-%s sleep %s\n' "$1" "$1" \
	    "${2:-30}" >"$P/mark-$1.sh"
}
printf 'rm -rf / --no-preserve-root\n' >"$P/critical.sh"
printf 'echo sleeping\nsleep 5\n' >"$P/sleep5.sh"

# ---- helpers -----------------------------------------------------------------

# asv USER: AS, the command prefix that runs a command as USER (its groups,
# a clean environment) with KILN_SOCKET naming the server's socket. A
# simple command "${AS[@]}" CMD & leaves $! the command's own pid.
asv() {
	if [ "$1" = root ]; then
		AS=(env KILN_SOCKET="$SOCK")
	else
		AS=(setpriv --reuid="$1" --regid="$(id -g "$1")" --init-groups
		    --reset-env env KILN_SOCKET="$SOCK" LANG=C.UTF-8)
	fi
}
# as USER COMMAND...: COMMAND as USER.
as() {
	asv "$1"
	shift
	"${AS[@]}" "$@"
}
# k USER ARGS...: kiln as USER; $RC, and $D/out and $D/err.
k() {
	ku=$1
	shift
	(cd "$P" && as "$ku" "$K" "$@") >"$D/out" 2>"$D/err" </dev/null
	RC=$?
}
# why: the last k's status and output, for a message.
why() {
	echo "exit $RC; stdout: $(head -c 200 "$D/out"); stderr: $(head -c 300 "$D/err")"
}
# sql QUERY [ARGS...]: rows of the server's database, fields tab-separated,
# read as the server's user (so no file of the database becomes root's).
sql() {
	as "$SUSER" python3 "$KQ" sql "$SD/q.db" "$@" 2>&1
}
# req USER JSON...: requests on one connection as USER; the replies in $D/out.
req() {
	ru=$1
	shift
	as "$ru" python3 "$KQ" req "$SOCK" "$@" >"$D/out" 2>&1
}
# jq EXPR [FILE]: a Python expression over the JSON in FILE ($D/out) as d,
# or over its lines as ds when it holds several; true when truthy.
jq() {
	python3 - "${2:-$D/out}" "$1" <<'EOF'
import json, sys
text = open(sys.argv[1]).read()
ds = []
for line in text.splitlines():
    try:
        ds.append(json.loads(line))
    except ValueError:
        pass
try:
    d = json.loads(text)	# exactly one object (on one line or more)
    one = True
except ValueError:
    d = ds[0] if ds else None
    one = False
try:
    v = eval(sys.argv[2])
except Exception as e:
    print("error: %s" % e)
    sys.exit(1)
sys.exit(0 if v else 1)
EOF
}
# id_of TAG: the id of the run whose code holds "tag TAG" (or "-TAG").
id_of() {
	sql "SELECT max(id) FROM runs WHERE code LIKE ?" "%$1%"
}
# field ID COLUMN: one column of run ID.
field() {
	sql "SELECT $2 FROM runs WHERE id = ?" "$1"
}
# wait_field ID COLUMN WANT [SECONDS]: until run ID's COLUMN is WANT.
wait_field() {
	wi=0
	wn=$(( ${4:-15} * 10 ))
	while [ $wi -lt $wn ]; do
		[ "$(field "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
		wi=$((wi + 1))
	done
	return 1
}
# wait_sql WANT QUERY [ARGS...]: until the query prints WANT (15 s).
wait_sql() {
	want=$1
	shift
	wi=0
	while [ $wi -lt 150 ]; do
		[ "$(sql "$@")" = "$want" ] && return 0
		sleep 0.1
		wi=$((wi + 1))
	done
	return 1
}
# bg USER OUT ARGS...: kiln ARGS as USER in the background (file names
# absolute), its stdout in OUT, stderr in OUT.err; $BG is its pid.
bg() {
	asv "$1"
	bo=$2
	shift 2
	"${AS[@]}" "$K" "$@" >"$bo" 2>"$bo.err" </dev/null &
	BG=$!
	BGPIDS="$BGPIDS $BG"
}
# bg_wait PID [SECONDS]: waits for a background kiln; $RC its status (or
# 999 if it had not ended in time, when it is killed).
bg_wait() {
	wi=0
	wn=$(( ${2:-20} * 10 ))
	while kill -0 "$1" 2>/dev/null && [ $wi -lt "$wn" ]; do
		sleep 0.1
		wi=$((wi + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -TERM "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		RC=999
	else
		wait "$1"
		RC=$?
	fi
}
# marker_gone TAG [SECONDS]: no host process is named kqmark-TAG.
marker_gone() {
	wi=0
	wn=$(( ${2:-5} * 10 ))
	while pgrep -f "kqmark-$1" >/dev/null; do
		[ $wi -lt "$wn" ] || return 1
		sleep 0.1
		wi=$((wi + 1))
	done
	return 0
}

# marker_seen TAG [SECONDS]: a host process is named kqmark-TAG.
marker_seen() {
	wi=0
	wn=$(( ${2:-5} * 10 ))
	until pgrep -f "kqmark-$1" >/dev/null; do
		[ $wi -lt "$wn" ] || return 1
		sleep 0.1
		wi=$((wi + 1))
	done
	return 0
}

# serve_conf [EXTRA LINES]: the server's configuration.
serve_conf() {
	cat >"$SD/serve.conf" <<EOF
[serve]
reviewers = kq-rev @kq-reviewers
socket_mode = 0666
max_pending = 100
max_per_hour = 1000
${1:-}
[policy]
ask_at = medium
block_at = critical

[limits]
timeout = 10s
EOF
	chmod 644 "$SD/serve.conf"
}
# serve_start: kiln serve as $SUSER; true once it listens.
serve_start() {
	echo "---- start $(date +%T.%N)" >>"$SD/serve.log"
	if [ "$SUSER" = root ]; then
		"$K" serve --socket "$SOCK" --db "$SD/q.db" \
		    --config "$SD/serve.conf" --workers 2 2>>"$SD/serve.log" \
		    </dev/null >/dev/null &
	else
		setpriv --reuid="$SUSER" --regid="$(id -g "$SUSER")" \
		    --init-groups --reset-env env LANG=C.UTF-8 \
		    XDG_CONFIG_HOME="$SD/xdg" XDG_DATA_HOME="$SD/xdg" \
		    "$K" serve --socket "$SOCK" --db "$SD/q.db" \
		    --config "$SD/serve.conf" --workers 2 2>>"$SD/serve.log" \
		    </dev/null >/dev/null &
	fi
	SERVE_PID=$!
	python3 "$KQ" connect "$SOCK" 10 "$SERVE_PID" >"$D/connect" 2>&1 &&
	    kill -0 "$SERVE_PID" 2>/dev/null
}
# serve_stop: SIGTERM; true when it exits with 0 within 10 s.
serve_stop() {
	[ -n "$SERVE_PID" ] || return 1
	if ! stop_pid "$SERVE_PID" 100; then
		wait "$SERVE_PID" 2>/dev/null
		SERVE_PID=
		STOP_RC=timeout
		return 1
	fi
	wait "$SERVE_PID"
	STOP_RC=$?
	SERVE_PID=
	[ "$STOP_RC" = 0 ]
}
serve_log() {
	tail -c 400 "$SD/serve.log" 2>/dev/null | tr '\n' ' '
}

# ---- the suite, with the server as one user ----------------------------------

suite() {
	SUSER=$1
	PFX=as-$SUSER
	SD=$D/$SUSER
	mkdir -p "$SD"
	chown "$SUSER:$(id -g "$SUSER")" "$SD"
	chmod 755 "$SD"
	SOCK=$SD/kiln.sock
	serve_conf
	if ! serve_start; then
		fail serve-starts "kiln serve did not start listening on $SOCK ($(cat "$D/connect"); log: $(serve_log))"
		serve_stop
		return
	fi
	pass serve-starts
	check serve-says-listening "its stderr: $(serve_log)" \
	    grep -q "kiln serve: listening on $SOCK" "$SD/serve.log"
	check socket-mode-0666 "mode $(stat -c '%a %U' "$SOCK")" \
	    test "$(stat -c '%a %U' "$SOCK")" = "666 $SUSER"

	# The database: the columns these checks read.
	missing=
	cols=$(as "$SUSER" python3 "$KQ" columns "$SD/q.db" runs 2>&1)
	for c in id status user submitter_uid decision decided_by decided_how \
	    decision_reason stdout rerun_of started_ms; do
		printf '%s\n' "$cols" | grep -qx "$c" || missing="$missing $c"
	done
	check db-columns "the runs table lacks:$missing" test -z "$missing"

	# ---- who is who ----------------------------------------------------------
	h='{"op":"hello"}'
	for u in kq-alice:False kq-rev:True kq-rev2:True kq-bob:False; do
		req "${u%:*}" "$h"
		check "hello-${u%:*}" "$(cat "$D/out")" \
		    jq "d['ok'] and d['user'] == '${u%:*}' and d['uid'] == $(id -u "${u%:*}") and d['reviewer'] is ${u#*:} and d['version'] == 1"
	done

	# ---- a low-risk run goes straight through -------------------------------
	low a1
	k kq-alice submit low-a1.sh --wait
	check low-run-waits-output "$(why)" \
	    test "$RC" = 0 -a "$(cat "$D/out")" = low-a1
	id=$(id_of low-a1)
	check low-run-recorded "run $id: $(sql 'SELECT status, user, submitter_uid FROM runs WHERE id = ?' "$id")" \
	    test "$(sql 'SELECT status, user, submitter_uid, stdout FROM runs WHERE id = ?' "$id")" = \
	    "$(printf 'ok\tkq-alice\t%s\tlow-a1\n' "$(id -u kq-alice)")"
	low a2
	k kq-bob submit low-a2.sh --wait --json
	check submit-wait-json "$(why)" eval '[ "$RC" = 0 ] && jq "d[\"status\"] == \"ok\" and d[\"exit_code\"] == 0 and d[\"stdout\"] == \"low-a2\\n\" and d[\"id\"] == $(id_of low-a2) and one"'

	# ---- a risky run waits ---------------------------------------------------
	risky w1
	k kq-alice submit risky-w1.py
	W1=$(id_of "tag w1")
	check risky-submit-prints-id "$(why)" \
	    test "$RC" = 0 -a -n "$W1" -a "$(cat "$D/out")" = "$W1"
	sleep 1
	check risky-run-waits "status $(field "$W1" status)" \
	    test "$(field "$W1" status)" = waiting
	k kq-alice status "$W1" --json
	check status-json-waiting "$(why)" \
	    jq "d['id'] == $W1 and d['state'] == 'waiting' and d['submitter'] == 'kq-alice' and d['risk'] == 'high' and d['decision'] is None"

	# ---- others may not touch it ---------------------------------------------
	k kq-bob approve "$W1"
	check non-reviewer-approve-refused "$(why)" eval \
	    '[ "$RC" = 125 ] && grep -q "^kiln: " "$D/err"'
	k kq-bob reject "$W1" --reason no
	check non-reviewer-reject-refused "$(why)" test "$RC" = 125
	k kq-bob cancel "$W1"
	check other-user-cancel-refused "$(why)" test "$RC" = 125
	k kq-bob status "$W1"
	check other-user-status-refused "$(why)" test "$RC" = 125
	k kq-bob queue --json
	check other-user-queue-hides-it "$(why)" \
	    jq "d['runs'] == [] or all(r['id'] != $W1 and r['submitter'] == 'kq-bob' for r in d['runs'])"
	k kq-rev queue --json
	check reviewer-queue-shows-it "$(why)" \
	    jq "any(r['id'] == $W1 and r['state'] == 'waiting' and r['submitter'] == 'kq-alice' for r in d['runs'])"
	k kq-alice approve "$W1"
	check submitter-approve-refused "$(why)" test "$RC" = 125
	check still-waiting-after-refusals "$(field "$W1" 'status, decision, decided_by')" \
	    test "$(field "$W1" 'status, decision, decided_by')" = "$(printf 'waiting\t\t')"

	# ---- forged requests -------------------------------------------------------
	n0=$(sql 'SELECT count(*) FROM runs')
	req kq-alice \
	    "{\"op\":\"approve\",\"id\":$W1,\"user\":\"kq-rev\"}" \
	    "{\"op\":\"approve\",\"id\":$W1}" \
	    "{\"op\":\"approve\",\"id\":$W1,\"uid\":$(id -u kq-rev)}" \
	    "{\"op\":\"approve\",\"id\":$W1,\"reviewer\":\"kq-rev\",\"as\":\"kq-rev\"}" \
	    '{"op":"hello","user":"kq-rev"}' \
	    '{"op":"submit","code":"echo forged\n","lang":"bash","user":"kq-bob"}' \
	    '{"op":"submit","code":"echo forged\n","lang":"bash","submitter":"kq-bob"}'
	check forged-requests-refused "$(cat "$D/out")" \
	    jq "len(ds) == 7 and not any(r.get('ok') for r in ds) and ds[0].get('code') == 'bad-request' and ds[1].get('code') == 'forbidden'"
	req kq-bob "{\"op\":\"cancel\",\"id\":$W1,\"user\":\"kq-alice\"}" \
	    "{\"op\":\"reject\",\"id\":$W1,\"reason\":\"x\",\"user\":\"kq-rev\"}"
	check forged-cancel-refused "$(cat "$D/out")" \
	    jq "len(ds) == 2 and not any(r.get('ok') for r in ds)"
	check forged-requests-change-nothing "status/decision of $W1: $(field "$W1" 'status, decision, decided_by'); runs $(sql 'SELECT count(*) FROM runs') (were $n0)" \
	    test "$(field "$W1" 'status, decision, decided_by')" = "$(printf 'waiting\t\t')" \
	    -a "$(sql 'SELECT count(*) FROM runs')" = "$n0"
	req kq-alice '{"op":"approve","id":'"$W1"',"reason":"x"' '{"op":"hello"}'
	check malformed-line-refused "$(cat "$D/out")" jq "not ds[0].get('ok')"

	# ---- careless or hostile clients: refused one by one, nothing recorded --
	n0=$(sql 'SELECT count(*) FROM runs')
	as kq-bob python3 "$KQ" hostile "$SOCK" >"$D/out" 2>&1
	check hostile-input-refused "$(cat "$D/out")" \
	    jq "len(ds) == 17 and all(r['ok'] is False for r in ds) and all(r['code'] == ('unknown-op' if r['case'] in ('no-op', 'unknown-op') else 'closed' if r['case'] == 'long-line-closed' else 'bad-request') for r in ds)"
	req kq-bob '{"op":"hello"}'
	check hostile-input-server-answers "$(cat "$D/out")" \
	    jq "d.get('ok') is True and d.get('user') == 'kq-bob'"
	check hostile-input-records-nothing "runs $(sql 'SELECT count(*) FROM runs') (were $n0)" \
	    test "$(sql 'SELECT count(*) FROM runs')" = "$n0"

	# ---- a reviewer approves; the submitter's --wait returns its output -------
	risky w2
	bg kq-alice "$D/w2.out" submit "$P/risky-w2.py" --wait
	B2=$BG
	wait_sql 1 "SELECT count(*) FROM runs WHERE code LIKE '%tag w2%' AND status = 'waiting'"
	W2=$(id_of "tag w2")
	sleep 0.5
	check submit-wait-blocks-while-waiting "the client ended: $(cat "$D/w2.out.err")" kill -0 "$B2"
	bg kq-alice "$D/w1.out" wait "$W1"
	B1=$BG
	k kq-rev approve "$W2" --reason "looks fine"
	check reviewer-approve "$(why)" test "$RC" = 0
	bg_wait "$B2"
	check submitter-wait-returns-output "exit $RC; stdout $(head -c 200 "$D/w2.out"); stderr $(head -c 300 "$D/w2.out.err")" \
	    test "$RC" = 0 -a "$(cat "$D/w2.out")" = risky-ran-w2
	check approved-run-recorded "$(field "$W2" 'status, decision, decided_by, decided_how, decision_reason, stdout')" \
	    test "$(field "$W2" 'status, decision, decided_by, decided_how, decision_reason, stdout')" = \
	    "$(printf 'ok\tapproved\tkq-rev\tqueue\tlooks fine\trisky-ran-w2\n')"
	k kq-rev2 approve "$W1"
	check group-reviewer-approve "$(why)" test "$RC" = 0
	bg_wait "$B1"
	check kiln-wait-returns-output "exit $RC; stdout $(head -c 200 "$D/w1.out"); stderr $(head -c 300 "$D/w1.out.err")" \
	    test "$RC" = 0 -a "$(cat "$D/w1.out")" = risky-ran-w1
	check group-approval-recorded "$(field "$W1" 'status, decision, decided_by')" \
	    test "$(field "$W1" 'status, decision, decided_by')" = "$(printf 'ok\tapproved\tkq-rev2')"
	k kq-rev approve "$W1"
	check approve-finished-refused "$(why)" test "$RC" = 125

	# ---- nobody approves their own run, reviewers included ---------------------
	risky r1
	k kq-rev submit risky-r1.py
	R1=$(id_of "tag r1")
	k kq-rev approve "$R1"
	check reviewer-self-approve-refused "$(why)" test "$RC" = 125
	k kq-rev reject "$R1" --reason mine
	check reviewer-self-reject-refused "$(why)" test "$RC" = 125
	check self-approval-changes-nothing "$(field "$R1" 'status, decision')" \
	    test "$(field "$R1" 'status, decision')" = "$(printf 'waiting\t')"
	k kq-rev2 approve "$R1"
	check other-reviewer-approves-it "$(why)" eval \
	    '[ "$RC" = 0 ] && wait_field "$R1" status ok'

	# ---- reject ---------------------------------------------------------------
	risky j1
	k kq-carol submit risky-j1.py
	J1=$(id_of "tag j1")
	bg kq-carol "$D/j1.out" wait "$J1"
	BJ=$BG
	k kq-rev reject "$J1"
	check reject-needs-reason "$(why)" eval \
	    '[ "$RC" != 0 ] && [ "$(field "$J1" status)" = waiting ]'
	k kq-rev reject "$J1" --reason "not today"
	check reviewer-reject "$(why)" test "$RC" = 0
	bg_wait "$BJ"
	check wait-on-rejected-exits-125 "exit $RC; $(head -c 300 "$D/j1.out.err")" test "$RC" = 125
	check rejected-run-recorded "$(field "$J1" 'status, decision, decided_by, decision_reason, stdout')" \
	    test "$(field "$J1" 'status, decision, decided_by, decision_reason, stdout')" = \
	    "$(printf 'rejected\trejected\tkq-rev\tnot today\t')"
	k kq-rev approve "$J1"
	check approve-rejected-refused "$(why)" eval \
	    '[ "$RC" = 125 ] && [ "$(field "$J1" status)" = rejected ]'

	# ---- cancel ---------------------------------------------------------------
	risky c1
	k kq-dave submit risky-c1.py
	C1=$(id_of "tag c1")
	k kq-dave cancel "$C1"
	check cancel-waiting "$(why); status $(field "$C1" status)" eval \
	    '[ "$RC" = 0 ] && [ "$(field "$C1" status)" = cancelled ]'
	marked c2
	k kq-dave submit mark-c2.sh
	C2=$(id_of "kqmark-c2")
	if wait_field "$C2" status running && marker_seen c2; then
		k kq-dave cancel "$C2"
		check cancel-running "$(why); status $(field "$C2" status)" eval \
		    '[ "$RC" = 0 ] && wait_field "$C2" status cancelled 5 && marker_gone c2 5'
	else
		fail cancel-running "the run never ran (status $(field "$C2" status))"
	fi

	# ---- blocked, and limits ----------------------------------------------------
	n0=$(sql 'SELECT count(*) FROM runs')
	k kq-alice submit critical.sh --wait --json
	check critical-blocked "$(why)" eval \
	    '[ "$RC" = 125 ] && jq "d[\"status\"] == \"blocked\"" && [ "$(sql "SELECT status FROM runs WHERE id = (SELECT max(id) FROM runs)")" = blocked ] && [ "$(sql "SELECT count(*) FROM runs")" = $((n0 + 1)) ]'
	low l1
	n0=$(sql 'SELECT count(*) FROM runs')
	k kq-alice submit low-l1.sh --timeout 60s
	check limit-above-server-refused "$(why)" eval \
	    '[ "$RC" = 125 ] && grep -qi timeout "$D/err" && [ "$(sql "SELECT count(*) FROM runs")" = "$n0" ]'
	k kq-alice submit sleep5.sh --timeout 1s --wait
	check lower-limit-applies "$(why); status $(sql 'SELECT status FROM runs WHERE id = (SELECT max(id) FROM runs)')" eval \
	    '[ "$RC" = 124 ] && [ "$(sql "SELECT status FROM runs WHERE id = (SELECT max(id) FROM runs)")" = timeout ]'

	# ---- restart with pending runs loses none ------------------------------------
	for u in kq-alice kq-bob kq-carol; do
		risky "s-$u"
		k "$u" submit "risky-s-$u.py"
	done
	marked s1
	k kq-bob submit mark-s1.sh
	S1=$(id_of kqmark-s1)
	wait_field "$S1" status running && marker_seen s1 ||
	    fail restart-setup "the marked run never ran (status $(field "$S1" status))"
	waiting=$(sql "SELECT group_concat(id) FROM (SELECT id FROM runs WHERE status = 'waiting' ORDER BY id)")
	n0=$(sql 'SELECT count(*) FROM runs')
	serve_stop
	check sigterm-stops-cleanly "exit status $STOP_RC; log: $(serve_log)" test "$STOP_RC" = 0
	check stop-kills-running-run "kqmark-s1 still runs: $(pgrep -af kqmark-s1)" marker_gone s1 5
	if serve_start; then
		pass restart
	else
		fail restart "kiln serve would not start again: $(serve_log)"
		return
	fi
	sleep 1
	check restart-keeps-waiting "waiting before: $waiting; after: $(sql "SELECT group_concat(id) FROM (SELECT id FROM runs WHERE status = 'waiting' ORDER BY id)")" \
	    test -n "$waiting" -a "$(sql "SELECT group_concat(id) FROM (SELECT id FROM runs WHERE status = 'waiting' ORDER BY id)")" = "$waiting"
	check interrupted-run-recorded "status $(field "$S1" status)" \
	    test "$(field "$S1" status)" = interrupted
	check interrupted-run-not-rerun "runs $(sql 'SELECT count(*) FROM runs') (were $n0); kqmark-s1: $(pgrep -af kqmark-s1)" \
	    eval '[ "$(sql "SELECT count(*) FROM runs")" = "$n0" ] && marker_gone s1 0'
	k kq-rev queue --json
	check queue-after-restart "$(why)" jq "sorted(r['id'] for r in d['runs'] if r['state'] == 'waiting') == [$waiting]"
	first=${waiting%%,*}
	k kq-rev approve "$first"
	check approve-after-restart "$(why); status $(field "$first" status)" eval \
	    '[ "$RC" = 0 ] && wait_field "$first" status ok'

	# requeue = yes: a run stopped by the restart runs again, once.
	printf 'echo rq-start\nsleep 2\necho rq-done\n' >"$P/rq.sh"
	serve_stop
	serve_conf "requeue = yes"
	serve_start || { fail requeue "kiln serve would not start: $(serve_log)"; return; }
	k kq-carol submit rq.sh
	Q1=$(id_of rq-start)
	if wait_field "$Q1" status running; then
		serve_stop
		serve_start || { fail requeue "kiln serve would not start: $(serve_log)"; return; }
		wait_sql ok "SELECT group_concat(status) FROM runs WHERE rerun_of = ?" "$Q1"
		sleep 0.5
		check requeue-runs-once "old: $(field "$Q1" status); reruns: $(sql 'SELECT id, status, stdout FROM runs WHERE rerun_of = ?' "$Q1"); runs of it: $(sql "SELECT count(*) FROM runs WHERE code LIKE '%rq-start%'")" \
		    test "$(field "$Q1" status)" = interrupted \
		    -a "$(sql 'SELECT status, user FROM runs WHERE rerun_of = ?' "$Q1")" = "$(printf 'ok\tkq-carol')" \
		    -a "$(sql "SELECT count(*) FROM runs WHERE code LIKE '%rq-start%'")" = 2 \
		    -a "$(sql "SELECT stdout FROM runs WHERE rerun_of = ?" "$Q1")" = "$(printf 'rq-start\nrq-done')"
	else
		fail requeue-runs-once "the run never ran (status $(field "$Q1" status))"
	fi

	# ---- round-robin: one user's backlog does not hold up another's runs -------
	# kq-alice queues 40 runs of 0.2 s at once (about 4 s for 2 workers);
	# then kq-bob queues 5. Strict first-come order would start every one
	# of kq-alice's runs before kq-bob's; taking users in turn starts
	# kq-bob's 5 within the next dozen or so.
	codes=()
	for i in $(seq 1 40); do codes+=("$(printf 'sleep 0.2\necho rr-a-%s\n' "$i")"); done
	as kq-alice python3 "$KQ" submit-many "$SOCK" bash "${codes[@]}" >"$D/rr-a" 2>&1
	ra=$?
	codes=()
	for i in $(seq 1 5); do codes+=("$(printf 'echo rr-b-%s\n' "$i")"); done
	as kq-bob python3 "$KQ" submit-many "$SOCK" bash "${codes[@]}" >"$D/rr-b" 2>&1
	rb=$?
	if [ $ra = 0 ] && [ $rb = 0 ]; then
		wait_sql 45 "SELECT count(*) FROM runs WHERE code LIKE '%echo rr-%' AND status = 'ok'"
		sql "SELECT user, started_ms, created_ms, id FROM runs WHERE code LIKE '%echo rr-%' ORDER BY started_ms, id" >"$D/rr"
		msg=$(python3 - "$D/rr" <<'EOF'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
if len(rows) != 45 or any(r[1] == "" for r in rows):
    print("%d of 45 runs finished ok; started_ms: %s"
          % (len(rows), [r[1] for r in rows][:5]))
    sys.exit(1)
order = [r[0] for r in rows]
bob_in = min(int(r[2]) for r in rows if r[0] == "kq-bob")
last_b = max(i for i, u in enumerate(order) if u == "kq-bob")
# kq-alice's runs that had not started when kq-bob submitted
backlog = [i for i, r in enumerate(rows) if r[0] == "kq-alice" and int(r[1]) >= bob_in]
ahead = sum(1 for i in backlog if i < last_b)
print("of kq-alice's %d runs still queued when kq-bob submitted, %d started "
      "before kq-bob's last; order: %s" % (len(backlog), ahead,
      "".join(u[3] for u in order)))
if len(backlog) < 15:
    print("(inconclusive: kq-alice's backlog had drained)")
    sys.exit(1)
sys.exit(0 if ahead <= 10 else 1)
EOF
)
		check round-robin "$msg" test $? = 0
	else
		fail round-robin "submissions refused: $(head -c 300 "$D/rr-a") $(head -c 300 "$D/rr-b")"
	fi

	# ---- 200 submissions from 4 users at once ---------------------------------------
	L=$P/load
	mkdir -p "$L"
	for u in kq-alice kq-bob kq-carol kq-dave; do
		for i in $(seq 1 50); do
			printf 'echo "u-%s-%s"\n' "$u" "$i" >"$L/$u-$i.sh"
		done
		mkdir -p "$D/load/$u"
		chown "$u" "$D/load/$u"
	done
	chmod -R a+rX "$P" "$D/load"
	cat >"$P/load-user.sh" <<'EOF'
# load-user.sh KILN USER OUTDIR DIR: USER's 50 programs (in DIR), 8
# clients at a time, each `kiln submit --wait`; each one's output, stderr
# and status in OUTDIR.
cd "$4" || exit 1
seq 1 50 | xargs -P 8 -I{} sh -c \
    '"$1" submit "$2-$3.sh" --wait >"$4/$3.out" 2>"$4/$3.err"; echo $? >"$4/$3.rc"' \
    sh "$1" "$2" {} "$3"
EOF
	t0=$(date +%s%N)
	pids=
	for u in kq-alice kq-bob kq-carol kq-dave; do
		asv "$u"
		"${AS[@]}" sh "$P/load-user.sh" "$K" "$u" "$D/load/$u" "$L" \
		    </dev/null >/dev/null 2>&1 &
		pids="$pids $!"
	done
	BGPIDS="$BGPIDS $pids"
	for p in $pids; do bg_wait "$p" 90; done
	t1=$(date +%s%N)
	sql "SELECT user, status, submitter_uid, replace(stdout, char(10), '|') FROM runs WHERE code LIKE 'echo \"u-%'" >"$D/load.rows"
	why=$(python3 - "$D/load" "$D/load.rows" <<'EOF'
import os, pwd, sys
out, rows = sys.argv[1], [l.split("\t") for l in open(sys.argv[2]).read().splitlines()]
bad = []
users = ["kq-alice", "kq-bob", "kq-carol", "kq-dave"]
for u in users:
    for i in range(1, 51):
        base = os.path.join(out, u, str(i))
        try:
            rc = open(base + ".rc").read().strip()
            o = open(base + ".out").read()
        except OSError as e:
            bad.append("%s %d: %s" % (u, i, e))
            continue
        if rc != "0" or o != "u-%s-%d\n" % (u, i):
            bad.append("%s %d: exit %s, stdout %r, stderr %r" % (
                u, i, rc, o[:80], open(base + ".err").read()[:200]))
want = sorted("u-%s-%d" % (u, i) for u in users for i in range(1, 51))
got = sorted(r[3].rstrip("|") for r in rows)
if len(rows) != 200:
    bad.append("%d runs recorded, not 200" % len(rows))
if got != want:
    bad.append("the recorded outputs differ: %d distinct" % len(set(got)))
for r in rows:
    # each run by the user who submitted it, and its output once
    if len(r) != 4 or r[1] != "ok" or r[2] != str(pwd.getpwnam(r[0]).pw_uid) \
            or not r[3].startswith("u-%s-" % r[0]) or r[3].count("|") != 1:
        bad.append("row %s" % r)
        break
print("; ".join(bad[:5]) + (" (%d problems)" % len(bad) if bad else ""))
sys.exit(1 if bad else 0)
EOF
)
	lrc=$?
	secs=$(( (t1 - t0) / 1000000 ))
	check load-200-exactly-once "$why" test "$lrc" = 0
	echo "# $PFX: 200 submissions from 4 users finished in $secs ms"

	check still-serving "log: $(serve_log)" kill -0 "$SERVE_PID"

	# ---- the [serve] caps and switches ---------------------------------------------
	# max_pending is per submitter; max_per_hour counts a submitter's last
	# hour; allow_self_approval lets a reviewer approve their own run;
	# on_stop = finish lets a running run end before the server does.
	dave=$(sql "SELECT count(*) FROM runs WHERE user = 'kq-dave'")
	serve_stop
	serve_conf "max_pending = 2
max_per_hour = $((dave + 3))
allow_self_approval = yes
on_stop = finish"
	# (the heredoc's own max_pending and max_per_hour come first: these,
	# later in the file, must win)
	if ! serve_start; then
		fail config-restart "kiln serve would not start: $(serve_log)"
		return
	fi
	risky p1
	risky p2
	risky p3
	k kq-dave submit risky-p1.py
	k kq-dave submit risky-p2.py
	n0=$(sql 'SELECT count(*) FROM runs')
	k kq-dave submit risky-p3.py
	check max-pending-refuses "$(why)" eval \
	    '[ "$RC" = 125 ] && grep -q max_pending "$D/err" && [ "$(sql "SELECT count(*) FROM runs")" = "$n0" ]'
	k kq-dave cancel "$(id_of 'tag p1')"
	low h1
	k kq-dave submit low-h1.sh --wait
	rc1=$RC
	k kq-dave submit low-h1.sh
	check max-per-hour-refuses "first: exit $rc1; second: $(why)" eval \
	    '[ "$rc1" = 0 ] && [ "$RC" = 125 ] && grep -q max_per_hour "$D/err"'
	risky self
	k kq-rev submit risky-self.py
	SELF=$(id_of "tag self")
	k kq-rev approve "$SELF"
	check allow-self-approval "$(why); $(field "$SELF" 'status, decided_by')" eval \
	    '[ "$RC" = 0 ] && wait_field "$SELF" status ok && [ "$(field "$SELF" decided_by)" = kq-rev ]'

	# on_stop = finish; and a client waiting on a run when the server stops
	# is told, and does not hang.
	printf 'echo fin-start\nsleep 1.5\necho fin-done\n' >"$P/fin.sh"
	k kq-carol submit fin.sh
	F1=$(id_of fin-start)
	risky x1
	k kq-rev2 submit risky-x1.py
	X1=$(id_of "tag x1")
	bg kq-rev2 "$D/x1.out" wait "$X1"
	BX=$BG
	if wait_field "$F1" status running; then
		sleep 0.2
		kill -0 "$BX" 2>/dev/null && [ -n "$X1" ] ||
		    fail wait-ends-at-shutdown "kiln wait '$X1' ended before the stop: $(head -c 300 "$D/x1.out.err")"
		serve_stop
		check on-stop-finish "status $(field "$F1" status), stdout $(field "$F1" stdout); stop: $STOP_RC" \
		    test "$(field "$F1" status)" = ok -a "$STOP_RC" = 0
	else
		fail on-stop-finish "the run never ran (status $(field "$F1" status))"
		serve_stop
	fi
	bg_wait "$BX" 5
	check wait-ends-at-shutdown "exit $RC; stderr: $(head -c 300 "$D/x1.out.err")" test "$RC" = 125
	check waiting-untouched-by-stop "status $(field "$X1" status)" \
	    test "$(field "$X1" status)" = waiting

	# ---- a client that reads too slowly: its output events are dropped and
	# counted to the byte, and the server's memory stays bounded (its soft
	# bound per client is 4 MiB; KILN_SERVE_RSS_MAX_KB raises the bound on
	# its RSS for the ASan build, whose quarantine keeps what it frees).
	serve_conf "[limits]
output-limit = 64M"
	if serve_start; then
		as kq-carol python3 "$KQ" slow-reader "$SOCK" 60000000 \
		    "$SERVE_PID" >"$D/out" 2>&1
		check slow-reader-told-what-was-dropped "$(cat "$D/out")" \
		    jq "d['status'] == 'ok' and d['dropped'] > 0 and d['received'] + d['dropped'] == 60000000"
		check slow-reader-server-memory-bounded "$(cat "$D/out")" \
		    jq "d['rss_kb'] < ${KILN_SERVE_RSS_MAX_KB:-65536}"
		serve_stop
	else
		fail slow-reader "kiln serve would not start: $(serve_log)"
	fi
}

start=$(date +%s)
for u in ${KILN_SERVE_AS:-root kilntest}; do
	suite "$u"
	[ -n "$SERVE_PID" ] && serve_stop
done
echo "# serve: $(($(date +%s) - start)) s"
finish
