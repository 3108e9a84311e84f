#!/bin/sh
# analyze.sh - end-to-end tests of the risk analyzer and the approval
# policy: `kiln analyze`, and `kiln run` asking, refusing and recording.
#
#	KILN=./kiln sh tests/e2e/analyze.sh
#
# Each check prints "ok   NAME" or "FAIL NAME: why"; the last line is
# "N passed, N failed", and the exit status is 0 only if nothing failed.
# The terminal prompt is driven through tmux (send-keys, capture-pane).
# Most checks use rules of the test's own (--rules), so they test the
# mechanism; a few use the shipped rules on code that is plainly risky.
# shellcheck disable=SC2317	# helpers are called indirectly, through expect
set -u

. "$(dirname "$0")/check-lib.sh"
need python3 tmux
scratch analyze-e2e
DB=$D/history.db

# ---- helpers ---------------------------------------------------------------

# k ARGS...: runs kiln with no terminal; $RC, $D/out and $D/err.
k() {
	"$KILN" "$@" >"$D/out" 2>"$D/err" </dev/null
	RC=$?
}

expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		pass "$1"
	else
		fail "$1" "exit status $RC, not $2 ($(head -c 300 "$D/err" | tr '\n' ' '))"
	fi
}

has() {
	grep -qF -- "$2" "$1"
}
lacks() {
	! grep -qF -- "$2" "$1"
}

expect() {
	name=$1
	shift
	if "$@"; then
		pass "$name"
	else
		fail "$name" "$* ($(head -c 300 "$D/out" | tr '\n' ' ')| $(head -c 300 "$D/err" | tr '\n' ' '))"
	fi
}

# py EXPR: a Python expression over the JSON in $D/out (as d) is truthy.
py() {
	python3 - "$D/out" "$1" >"$D/py" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(v)
sys.exit(0 if v else 1)
EOF
}

# screen: the tmux pane's text, all of it, in $D/screen.
screen() {
	$TM capture-pane -p -t t -S -200 >"$D/screen" 2>/dev/null
}

# wait_screen TEXT: waits (up to 10 s) until the pane shows TEXT.
wait_screen() {
	i=0
	while [ $i -lt 100 ]; do
		screen
		has "$D/screen" "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# tkiln ARGS...: kiln in a tmux pane (a terminal); the exit status is
# written to $D/rc when it ends.
tkiln() {
	rm -f "$D/rc"
	$TM kill-server 2>/dev/null
	printf '%s\n' "cd '$D' || exit 1" >"$D/t.sh"
	for a in "$@"; do
		printf "'%s' " "$a"
	done >"$D/t.args"
	printf '%s\n' "\"\$KILN\" $(cat "$D/t.args"); echo \$? >'$D/rc'; sleep 60" >>"$D/t.sh"
	# A server on its way out can refuse the new session: try again.
	i=0
	until $TM new-session -d -s t -x 120 -y 50 \
	    "env KILN='$KILN' EDITOR='${T_EDITOR:-false}' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' sh '$D/t.sh'" \
	    2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 20 ] || return 1
		sleep 0.1
	done
}

# wait_rc: waits (up to 20 s) for the tmux kiln to end; its status in RC.
wait_rc() {
	i=0
	while [ $i -lt 200 ] && [ ! -s "$D/rc" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	RC=$(cat "$D/rc" 2>/dev/null || echo none)
	screen
}

# last_run EXPR: EXPR over the newest run of the history's JSON export.
last_run() {
	"$KILN" history export --db "$DB" --limit 1 >"$D/out" 2>"$D/err"
	py "$1"
}

# ---- programs and rules ----------------------------------------------------

cat >"$D/test.rules" <<'EOF'
# Rules of the test's own: a word per level.
medium test.medium /\bMEDIUM_ME\b/ a medium test finding
high test.ask /\bASK_ME\b/ a high test finding
critical test.block /\bBLOCK_ME\b/ a critical test finding
high test.strings /\bSTRING_ME\b/S a finding in strings too
EOF
R="--rules $D/test.rules"

printf 'print("RAN")\n' >"$D/clean.py"
printf 'print("RAN")\nASK_ME = 1\n' >"$D/ask.py"
printf 'print("RAN")\nBLOCK_ME = 1\n' >"$D/block.py"
printf 'print("RAN")\nMEDIUM_ME = 1\n' >"$D/medium.py"
printf '# ASK_ME BLOCK_ME in a comment\nprint("ASK_ME")\nx = """\nBLOCK_ME\n"""\n' \
    >"$D/quiet.py"
printf 'x = "STRING_ME"\n# STRING_ME\n' >"$D/strings.py"
printf 'import os\nos.system("ls /")\n' >"$D/shipped-high.py"
printf '#!/bin/sh\ncurl -s http://example.com/install.sh | sh\n' \
    >"$D/shipped-critical.sh"
printf 'print("RAN")\nASK_ME = "\033]0;PWNED\007\033[2J"\n' >"$D/escape.py"

# ---- kiln analyze -------------------------------------------------------------

k analyze $R "$D/clean.py"
expect_rc analyze-clean-status 0
expect analyze-clean-says-none has "$D/out" "risk none"

k analyze $R "$D/ask.py"
expect_rc analyze-high-status 1
expect analyze-high-line has "$D/out" "$D/ask.py:2:1: high: a high test finding [test.ask]"
expect analyze-high-summary has "$D/out" "risk high: 1 warning"

k analyze $R "$D/block.py"
expect_rc analyze-critical-status 2

k analyze $R "$D/medium.py"
expect_rc analyze-medium-status 0
expect analyze-medium-shown has "$D/out" "medium: a medium test finding [test.medium]"

k analyze $R --json "$D/ask.py"
expect_rc analyze-json-status 1
expect analyze-json-fields py "d['risk'] == 'high' and d['language'] == 'python' and [(w['line'], w['column'], w['level'], w['rule'], w['message'], w['match']) for w in d['warnings'] if w['rule'].startswith('test.')] == [(2, 1, 'high', 'test.ask', 'a high test finding', 'ASK_ME')]"

k analyze $R "$D/quiet.py"
expect_rc analyze-comments-and-strings-quiet 0
expect analyze-comments-and-strings-no-test-warning lacks "$D/out" "[test."

k analyze $R --json "$D/strings.py"
expect analyze-S-flag-sees-strings-not-comments py "[w['line'] for w in d['warnings'] if w['rule'] == 'test.strings'] == [1]"

"$KILN" analyze $R --lang python - <"$D/ask.py" >"$D/out" 2>"$D/err"
RC=$?
expect_rc analyze-stdin-status 1
expect analyze-stdin-named has "$D/out" "stdin:2:1: high"

k analyze $R -q "$D/block.py"
expect analyze-quiet-output sh -c "[ \"\$(cat '$D/out')\" = critical ]"

k analyze $R "$D/missing.py"
expect_rc analyze-missing-file 125
expect analyze-missing-file-message has "$D/err" "$D/missing.py: No such file or directory"

printf 'x\0y' >"$D/binary.py"
k analyze $R "$D/binary.py"
expect_rc analyze-binary 125
expect analyze-binary-message has "$D/err" "NUL byte"

printf 'print(1)\n' >"$D/noext"
k analyze $R "$D/noext"
expect_rc analyze-unknown-language 125
expect analyze-unknown-language-message has "$D/err" "say it with --lang"

k analyze $R --lang cobol "$D/clean.py"
expect_rc analyze-bad-lang 125
expect analyze-bad-lang-message has "$D/err" "unknown language 'cobol'"

k analyze $R --json "$D/missing.py"
expect_rc analyze-json-error-status 125
expect analyze-json-error-object py "d['risk'] is None and d['warnings'] == [] and 'missing.py' in d['error']"

k analyze --rules "$D/no-such.rules" "$D/clean.py"
expect_rc analyze-missing-rules-file 125
expect analyze-missing-rules-file-message has "$D/err" "no-such.rules: No such file or directory"

cat >"$D/bad.rules" <<'EOF'
high test.ok /\bASK_ME\b/ fine
hihg test.typo /x/ typo in the level
high test.open /(/ unbalanced
high test.noslash ASK_ME no pattern
EOF
k analyze --rules "$D/bad.rules" "$D/ask.py"
expect_rc analyze-bad-rules-still-work 1
expect analyze-bad-rules-line-2 has "$D/err" "$D/bad.rules:2: unknown level 'hihg'"
expect analyze-bad-rules-line-3 has "$D/err" "$D/bad.rules:3: pattern: missing closing parenthesis"
expect analyze-bad-rules-line-4 has "$D/err" "$D/bad.rules:4: expected /pattern/"
expect analyze-bad-rules-good-line-used has "$D/out" "[test.ok]"

{ cat "$D/test.rules"; printf 'off test.ask\n[python]\noff test.nosuch\n'; } \
    >"$D/off.rules"
k analyze --rules "$D/off.rules" --json "$D/ask.py"
expect analyze-off-turns-a-rule-off py "not any(w['rule'] == 'test.ask' for w in d['warnings'])"
expect analyze-off-unknown-in-section has "$D/err" "$D/off.rules:8: no rule 'test.nosuch' to turn off"
k analyze --list-rules --lang python $R
expect_rc analyze-list-rules 0
expect analyze-list-rules-has-test has "$D/out" "test.ask"
expect analyze-list-rules-has-shipped sh -c "[ \$(wc -l <'$D/out') -gt 20 ]"

k analyze --help
expect_rc analyze-help 0
expect analyze-help-text has "$D/out" "usage: kiln analyze"

# The shipped rules, on code that is plainly risky, and on a comment.
k analyze "$D/shipped-high.py"
expect_rc shipped-os-system-is-high 1
k analyze "$D/shipped-critical.sh"
expect_rc shipped-curl-pipe-sh-is-critical 2
k analyze "$D/clean.py"
expect_rc shipped-clean-is-quiet 0

# ---- kiln run: the policy, without a terminal ----------------------------------

k run $R --db "$DB" --json "$D/clean.py"
expect_rc run-clean-runs 0
expect run-clean-json py "d['status'] == 'ok' and d['risk'] == 'none' and d['warnings'] == [] and d['decision'] is None"

k run $R --db "$DB" --json "$D/ask.py"
expect_rc run-ask-without-terminal-refused 125
expect run-ask-not-run py "d['status'] == 'rejected' and d['stdout'] == '' and d['risk'] == 'high' and d['decision'] == 'rejected' and d['decided_by'] == 'policy' and d['decided_how'] == 'policy' and 'no terminal' in d['decision_reason']"
expect run-ask-says-yes has "$D/err" "pass --yes"
expect run-ask-shows-warning has "$D/err" "$D/ask.py:2:1: high: a high test finding [test.ask]"
expect run-ask-shows-code has "$D/err" "2 | ASK_ME = 1"
last_run "d[0]['status'] == 'rejected' and d[0]['decision'] == 'rejected' and d[0]['risk'] == 'high' and d[0]['stdout'] == '' and any(w['rule'] == 'test.ask' for w in d[0]['warnings'])"
expect run-ask-recorded-rejected py "True"

k run $R --db "$DB" --json --yes "$D/ask.py"
expect_rc run-ask-yes-runs 0
ME=$(id -un)
expect run-ask-yes-json py "d['status'] == 'ok' and d['stdout'] == 'RAN\n' and d['decision'] == 'approved' and d['decided_by'] == '$ME' and d['decided_how'] == '--yes' and d['decided'] is not None"
last_run "d[0]['status'] == 'ok' and d[0]['decision'] == 'approved' and d[0]['decided_how'] == '--yes' and d[0]['decided_by'] == '$ME'"
expect run-ask-yes-recorded py "True"

k run $R --db "$DB" --json --yes "$D/block.py"
expect_rc run-block-refused-even-with-yes 125
expect run-block-json py "d['status'] == 'blocked' and d['stdout'] == '' and d['risk'] == 'critical' and d['decision'] == 'blocked' and 'block_at' in d['decision_reason']"
last_run "d[0]['status'] == 'blocked' and d[0]['decision'] == 'blocked'"
expect run-block-recorded py "True"

k run $R --db "$DB" "$D/block.py"
expect_rc run-block-text 125
expect run-block-text-says has "$D/err" "blocked: risk critical is at or above block_at (critical)"

k run $R --db "$DB" --json --block-at never --yes "$D/block.py"
expect_rc run-block-at-never 0
expect run-block-at-never-ran py "d['stdout'] == 'RAN\n' and d['decision'] == 'approved'"

k run $R --db "$DB" --json --ask-at never "$D/ask.py"
expect_rc run-ask-at-never 0
expect run-ask-at-never-no-decision py "d['stdout'] == 'RAN\n' and d['risk'] == 'high' and d['decision'] is None"

k run $R --db "$DB" --json --ask-at medium "$D/medium.py"
expect_rc run-ask-at-medium 125
expect run-ask-at-medium-rejected py "d['status'] == 'rejected' and d['risk'] == 'medium'"

k run $R --db "$DB" --json "$D/medium.py"
expect_rc run-medium-runs-by-default 0

k run $R --db "$DB" --json --block-at high "$D/ask.py"
expect_rc run-block-at-high 125
expect run-block-at-high-blocked py "d['status'] == 'blocked'"

k run $R --db "$DB" --ask-at sometimes "$D/ask.py"
expect_rc run-bad-ask-at 125
expect run-bad-ask-at-message has "$D/err" "--ask-at: 'sometimes' is not low, medium, high, critical or never"

k run --rules "$D/no-such.rules" --db "$DB" --json "$D/clean.py"
expect_rc run-missing-rules 125
expect run-missing-rules-json py "d['status'] == 'internal-error' and 'no-such.rules' in d['error']"

# The config's [policy], and a bad line in it.
cat >"$XDG_CONFIG_HOME/kiln/config" <<EOF
[policy]
ask_at = critical
block_at = never
rules = $D/test.rules
ask_at = often
EOF
k run --db "$DB" --json "$D/ask.py"
expect_rc config-policy-ask-at 0
expect config-policy-rules-used py "d['risk'] == 'high' and d['decision'] is None"
expect config-bad-line-reported has "$D/err" "config:5: ask_at: 'often' is not"
k run --db "$DB" --json --yes "$D/block.py"
expect_rc config-policy-block-at-never 0
k run --db "$DB" --json --block-at critical "$D/block.py"
expect_rc flag-beats-config 125
printf '[policy]\nrules = relative.rules\n' >"$XDG_CONFIG_HOME/kiln/config"
k run --db "$DB" --json "$D/clean.py"
expect config-relative-rules-refused has "$D/err" "config:2: rules: the path must be absolute"
rm "$XDG_CONFIG_HOME/kiln/config"

# A rerun is analyzed again, and asks again.
k run $R --db "$DB" --json --yes "$D/ask.py"
ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$D/out")
k history rerun --db "$DB" $R --json "$ID"
expect_rc rerun-asks-again 125
expect rerun-rejected py "d['status'] == 'rejected' and d['stdout'] == ''"
expect rerun-hint has "$D/err" "kiln history show $ID"
k history rerun --db "$DB" $R --json --yes "$ID"
expect_rc rerun-yes 0
expect rerun-yes-ran py "d['stdout'] == 'RAN\n' and d['decision'] == 'approved'"
last_run "d[0]['rerun_of'] == $ID and d[0]['decision'] == 'approved'"
expect rerun-recorded py "True"

# ---- kiln run: asking on a terminal ------------------------------------------

tkiln run $R --db "$DB" "$D/ask.py"
if wait_screen "[v]iew the code:"; then
	pass tty-asks
else
	fail tty-asks "no question on the terminal: $(tail -5 "$D/screen" | tr '\n' ' ')"
fi
expect tty-shows-warning has "$D/screen" "ask.py:2:1: high: a high test finding [test.ask]"
expect tty-shows-code has "$D/screen" "2 | ASK_ME = 1"
expect tty-not-run-yet lacks "$D/screen" "RAN"
$TM send-keys -t t v Enter
wait_screen "1 | print(\"RAN\")" && pass tty-view-code || fail tty-view-code "no numbered code"
$TM send-keys -t t a Enter
wait_rc
expect tty-approve-runs has "$D/screen" "RAN"
[ "$RC" = 0 ] && pass tty-approve-status || fail tty-approve-status "exit $RC"
last_run "d[0]['decision'] == 'approved' and d[0]['decided_how'] == 'terminal' and d[0]['decided_by'] == '$ME' and d[0]['status'] == 'ok'"
expect tty-approve-recorded py "True"

tkiln run $R --db "$DB" "$D/ask.py"
wait_screen "[v]iew the code:"
$TM send-keys -t t r Enter
wait_screen "Reason (optional):"
$TM send-keys -t t "looks like it deletes things" Enter
wait_rc
[ "$RC" = 125 ] && pass tty-reject-status || fail tty-reject-status "exit $RC"
expect tty-reject-not-run lacks "$D/screen" "RAN"
last_run "d[0]['status'] == 'rejected' and d[0]['decision'] == 'rejected' and d[0]['decided_how'] == 'terminal' and d[0]['decision_reason'] == 'looks like it deletes things'"
expect tty-reject-recorded-with-reason py "True"

# edit: the editor takes the risky line out; the edited code is what runs.
cat >"$D/fix.sh" <<'EOF'
#!/bin/sh
sed -i 's/^ASK_ME = 1$/print("EDITED")/' "$1"
EOF
chmod 755 "$D/fix.sh"
T_EDITOR=$D/fix.sh tkiln run $R --db "$DB" "$D/ask.py"
wait_screen "[v]iew the code:"
$TM send-keys -t t e Enter
if wait_screen "has no warnings now"; then
	pass tty-edit-reanalyzes
else
	fail tty-edit-reanalyzes "$(tail -5 "$D/screen" | tr '\n' ' ')"
fi
$TM send-keys -t t a Enter
wait_rc
expect tty-edit-runs-edited has "$D/screen" "EDITED"
last_run "'print(\"EDITED\")' in d[0]['code'] and 'ASK_ME' not in d[0]['code'] and d[0]['decision'] == 'approved'"
expect tty-edit-records-edited-code py "True"
expect tty-edit-original-untouched has "$D/ask.py" "ASK_ME = 1"

# edit into something blocked: blocked, not asked again.
cat >"$D/worse.sh" <<'EOF'
#!/bin/sh
sed -i 's/^ASK_ME = 1$/BLOCK_ME = 1/' "$1"
EOF
chmod 755 "$D/worse.sh"
T_EDITOR=$D/worse.sh tkiln run $R --db "$DB" "$D/ask.py"
wait_screen "[v]iew the code:"
$TM send-keys -t t e Enter
wait_rc
[ "$RC" = 125 ] && pass tty-edit-to-blocked || fail tty-edit-to-blocked "exit $RC"
last_run "d[0]['status'] == 'blocked'"
expect tty-edit-to-blocked-recorded py "True"

# A failing editor changes nothing, and says so.
T_EDITOR=false tkiln run $R --db "$DB" "$D/ask.py"
wait_screen "[v]iew the code:"
$TM send-keys -t t e Enter
wait_screen "the code is as it was" && pass tty-editor-fails || fail tty-editor-fails "$(tail -3 "$D/screen" | tr '\n' ' ')"
$TM send-keys -t t C-d
wait_rc
[ "$RC" = 125 ] && pass tty-eof-rejects || fail tty-eof-rejects "exit $RC"
last_run "d[0]['decision'] == 'rejected' and 'no answer' in d[0]['decision_reason']"
expect tty-eof-recorded py "True"

# Escape sequences in the source are shown, never sent to the terminal.
tkiln run $R --db "$DB" "$D/escape.py"
wait_screen "[v]iew the code:"
expect tty-escapes-shown has "$D/screen" "^[]0;PWNED"
title=$($TM display-message -p -t t '#{pane_title}')
expect tty-title-intact sh -c "[ '$title' != PWNED ]"
expect tty-screen-not-cleared has "$D/screen" "needs your approval"
$TM send-keys -t t r Enter
$TM send-keys -t t Enter
wait_rc

finish
