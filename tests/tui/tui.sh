#!/bin/sh
# tui.sh - the workbench, driven the way a person drives it: ./kiln inside
# tmux at a fixed size, keys sent with send-keys, and the screen read back
# with capture-pane.
#
#	KILN=./kiln sh tests/tui/tui.sh
#
# Each check prints "ok   NAME" or "FAIL NAME: why" (with the screen); the
# last line is "N passed, N failed". Needs tmux and python3.
# shellcheck disable=SC2317	# helpers are called indirectly
set -u

. "$(dirname "$0")/lib.sh"

# A flood must go on until it is stopped, however slow the machine.
printf '[limits]\noutput-limit = 1G\ntimeout = 60s\ncpu = 60s\n' \
    >"$XDG_CONFIG_HOME/kiln/config"

# ended: kiln exited (its status in $D/rc).
ended() {
	i=0
	while [ $i -lt 50 ] && [ ! -s "$D/rc" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$D/rc" ]
}

# file_is FILE TEXT: FILE holds exactly TEXT (printf-style escapes).
file_is() {
	printf "$2" >"$D/want"
	cmp -s "$1" "$D/want"
}

# ---- start, layout, help -------------------------------------------------------

start 120x40 "$D/hello.py"
expect_for starts-with-example "fib(" 10
expect_for title-names-file "hello.py" 5
expect_for title-names-language "python" 5
expect_for keybar-shows-keys "F5Run" 5
if has "> Editor"; then pass focus-marked; else fail focus-marked "no > Editor"; fi
keys F1
expect_for help-opens "kiln workbench - keys" 5
keys Escape
wait_gone "kiln workbench - keys" 5 && pass help-closes || fail help-closes "still shown"

# ---- typing, UTF-8, saving ---------------------------------------------------

keys C-a
keys Delete
typetext 'print("héllo, 世界 🎉")'
keys Enter
typetext 'print(1 + 1)'
expect_for typed-text-shown 'print("héllo, 世界 🎉")' 5
keys C-s
expect_for saved-message "saved" 5
if file_is "$D/hello.py" 'print("héllo, 世界 🎉")\nprint(1 + 1)\n'; then
	pass saved-file-exact
else
	fail saved-file-exact "$(od -c "$D/hello.py" | head -5)"
fi
lacks "[+]" && pass saved-no-modified-mark || fail saved-no-modified-mark "[+] still shown"

# cursor movement over wide characters: Home, then right 9 times lands
# after "世" and typing goes there.
keys Up Home
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do $TM send-keys -t k Right; done
sleep 0.2
typetext 'X'
expect_for utf8-cursor-after-wide 'print("héllo, 世X界 🎉")' 5
keys C-z
expect_for undo-typing 'print("héllo, 世界 🎉")' 5
keys C-y
expect_for redo-typing 'print("héllo, 世X界 🎉")' 5
keys C-z

# ---- running ---------------------------------------------------------------

keys F5
expect_for run-shows-output "héllo, 世界 🎉" 20
expect_for run-shows-second-line "2" 5
expect_for run-summary "-- ok, exit 0" 20
expect_for gauges-shown "CPU" 2

# stderr and a failing exit
keys C-a Delete
typetext 'import sys; print("to-err", file=sys.stderr); sys.exit(3)'
keys F5
expect_for run-stderr "to-err" 20
expect_for run-exit-status "exit 3" 20

# a spinning program: gauges move, F6 stops it at once
keys C-a Delete
typetext 'while True: pass'
keys F5
expect_for spin-running "running" 20
# The gauge must show the loop's CPU at some point within 5 s.
sleep 1
if wait_cpu_above 20 25; then
	pass gauges-cpu-busy
else
	fail gauges-cpu-busy "CPU gauge shows '${cpu:-nothing}' during a busy loop"
fi
keys F6
expect_for stop-takes-effect "signaled" 5

# ---- an escape-sequence storm leaves the screen and title alone ----------------

$TM select-pane -t k -T kiln-title
keys C-a Delete
typetext 'import sys; sys.stdout.write("\x1b]0;PWNED\x07\x1b[2J\x1b[H\x1b]52;c;SGVsbG8=\x07\x1bP1$q\x1b\\\x9b31m\x1b[31mred\x1b[0m after\n")'
keys F5
expect_for escape-storm-shown "after" 20
title=$($TM display-message -p -t k '#{pane_title}')
[ "$title" = kiln-title ] && pass escape-title-intact || fail escape-title-intact "pane title is '$title'"
has "> Editor" && has "F5Run" && pass escape-screen-intact || fail escape-screen-intact "layout gone"
has "^[]0;PWNED" && pass escape-shown-as-text || fail escape-shown-as-text "no visible ^[ placeholder"
$TM show-buffer >/dev/null 2>&1 && [ "$($TM show-buffer 2>/dev/null)" = Hello ] &&
    fail escape-clipboard-intact "OSC 52 set the clipboard" || pass escape-clipboard-intact

# ---- a flood of output, keys still answered ----------------------------------

keys C-a Delete
typetext 'i = 0'
keys Enter
typetext 'while True: print("flood", i); i += 1'
keys F5
expect_for flood-running "flood" 20
t0=$(date +%s%N)
keys F2
if wait_for "Language (Enter" 3; then
	t1=$(date +%s%N)
	pass "flood-keys-answered ($(( (t1 - t0) / 1000000 )) ms)"
else
	fail flood-keys-answered "the language popup did not open within 3 s of F2"
fi
keys Escape
keys F6
expect_for flood-stops "signaled" 5
rss=$(ps -o rss= -C kiln | sort -n | tail -1)
[ "${rss:-0}" -lt 262144 ] && pass "flood-memory-bounded (${rss} KiB)" ||
    fail flood-memory-bounded "kiln uses ${rss} KiB"

# ---- language switching -----------------------------------------------------

keys F2
expect_for langs-popup "javascript" 5
keys Down
keys Enter
expect_for lang-switched "javascript" 5

# ---- resize mid-run, and too small -------------------------------------------

keys C-a Delete
typetext 'let i = 0; setInterval(() => console.log("tick", i++), 100);'
keys F5
expect_for resize-run "tick" 20
$TM resize-window -t k -x 70 -y 30
sleep 0.5
expect_for resize-stacked-keeps-output "tick" 5
$TM resize-window -t k -x 30 -y 8
expect_for too-small "too small" 5
$TM resize-window -t k -x 120 -y 40
expect_for grows-back "F5Run" 5
keys F6

# ---- quitting with unsaved changes ---------------------------------------------

typetext '// more'
keys F10
expect_for quit-asks "Unsaved changes" 5
keys n
has "F5Run" && pass quit-no-stays || fail quit-no-stays "left on n"
keys F10
keys y
if ended; then pass quit-yes; else fail quit-yes "kiln did not exit"; fi

# ---- recorded in the history -------------------------------------------------

"$KILN" history list --db "$DB" --json >"$D/list.json" 2>"$D/list.err"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d) >= 5 and any(r["status"] == "signaled" for r in d) else 1)' "$D/list.json"; then
	pass runs-recorded
else
	fail runs-recorded "$(head -c 300 "$D/list.json") $(cat "$D/list.err")"
fi

# ---- a 5,000-line bracketed paste lands verbatim, fast -----------------------

python3 -c '
import sys
lines = ["    def f%d(x):  # indented %d" % (i, i) for i in range(5000)]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")' "$D/paste.txt"
start 120x40 "$D/pasted.py"
wait_for "F5Run" 5
keys C-a Delete
$TM load-buffer -b p "$D/paste.txt"
t0=$(date +%s%N)
$TM paste-buffer -p -b p -t k
if wait_for "f4999(x)" 10; then
	t1=$(date +%s%N)
	pass "paste-5000-lines ($(( (t1 - t0) / 1000000 )) ms)"
else
	fail paste-5000-lines "the end of the paste never showed"
fi
keys C-s
wait_for "saved" 5
# The paste went into an empty line, which stays after it.
if { cat "$D/paste.txt"; echo; } | cmp -s - "$D/pasted.py"; then
	pass paste-verbatim-no-autoindent
else
	fail paste-verbatim-no-autoindent "$(diff "$D/paste.txt" "$D/pasted.py" | head -5)"
fi

# ---- a 10,000-line file stays responsive ----------------------------------------

python3 -c '
import sys
open(sys.argv[1], "w").write("".join("x_%d = %d  # line %d\n" % (i, i, i) for i in range(10000)))' "$D/big.py"
start 120x40 "$D/big.py"
wait_for "x_0 = 0" 5
t0=$(date +%s%N)
keys C-End
typetext 'END_MARK'
keys C-Home
typetext 'TOP_MARK'
if wait_for "TOP_MARKx_0" 3; then
	t1=$(date +%s%N)
	pass "big-file-edits ($(( (t1 - t0) / 1000000 )) ms for 4 keys)"
else
	fail big-file-edits "edits at both ends did not show within 3 s"
fi

# ---- $EDITOR takes the buffer and gives it back ---------------------------------

printf '#!/bin/sh\nprintf %s >"$1"\n' "'print(\"from the editor\")\\n'" >"$D/ed.sh"
chmod 755 "$D/ed.sh"
T_EDITOR=$D/ed.sh start 120x40 "$D/ext.py"
wait_for "F5Run" 5
keys C-e
expect_for external-editor-reloads 'print("from the editor")' 5
if has "> Editor"; then
	pass external-editor-screen-restored
else
	fail external-editor-screen-restored "no layout"
fi
keys C-z
expect_for external-editor-undo "fib(" 5
printf '#!/bin/sh\nprintf "a\\000b" >"$1"\n' >"$D/ednul.sh"
chmod 755 "$D/ednul.sh"
T_EDITOR=$D/ednul.sh start 120x40 "$D/ext.py"
wait_for "F5Run" 5
keys C-e
expect_for external-editor-nul-refused "a NUL byte" 5
has "fib(" && pass external-editor-nul-keeps-buffer || fail external-editor-nul-keeps-buffer "the buffer changed"
T_EDITOR=false start 120x40 "$D/ext.py"
wait_for "F5Run" 5
keys C-e
expect_for external-editor-fails "the editor (false) failed; the buffer is as it was" 5
# ^C in the editor is the editor's: kiln goes on, its buffer kept.
printf '#!/bin/sh\nsleep 3\n' >"$D/edslow.sh"
chmod 755 "$D/edslow.sh"
T_EDITOR=$D/edslow.sh start 120x40 "$D/ext.py"
wait_for "F5Run" 5
typetext 'x'
keys C-e
sleep 0.5
keys C-c
sleep 3
# Still there, the buffer as it was: the next key lands after the x.
typetext 'y'
if wait_for "xy# A short example" 5; then
	pass external-editor-ctrl-c-kept
else
	fail external-editor-ctrl-c-kept "kiln left, or lost the buffer"
fi

# ---- the mouse: a click focuses and places the cursor; the wheel scrolls -------

start 120x40 "$D/mouse.py"
wait_for "F5Run" 5
# X10 mouse reports: a left press and release at column 6, row 4 (line 2:
# the gutter is 3 columns, so the click lands between "im" and "port").
$TM send-keys -t k -l "$(printf '\033[M &$\033[M#&$')"
sleep 0.2
typetext 'Q'
if wait_for "imQport sys" 3; then
	pass mouse-click-places-cursor
else
	fail mouse-click-places-cursor "Q is not where the click was"
fi
$TM send-keys -t k -l "$(printf '\033[M \204*\033[M#\204*')"
expect_for mouse-click-focuses-output "> Output" 3

# ---- SIGTERM: the terminal is restored, the run stopped and recorded -----------

start 120x40 "$D/term.py"
wait_for "F5Run" 5
keys C-a Delete
typetext 'import time'
keys Enter
typetext 'while True: time.sleep(1)'
keys F5
wait_for "running" 20
pkill -TERM -f "term.py" 2>/dev/null
if ended; then pass sigterm-exits; else fail sigterm-exits "kiln still running"; fi
# tmux reads the pane's last output on its own time: wait for it.
if wait_gone "F5Run" 5; then
	pass sigterm-screen-restored
else
	fail sigterm-screen-restored "the workbench is still on the screen"
fi
"$KILN" history list --db "$DB" --limit 1 --json >"$D/last.json" 2>/dev/null
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d and d[0]["status"] == "signaled" else 1)' "$D/last.json"; then
	pass sigterm-run-recorded
else
	fail sigterm-run-recorded "$(cat "$D/last.json")"
fi

# ---- output: scroll, stop following, End follows, search, wrap ------------------

start 120x40 "$D/out.py"
wait_for "F5Run" 5
keys C-a Delete
typetext 'for i in range(300): print("line", i, "x" * 150)'
keys F5
expect_for output-run "line 299" 20
keys F4
keys PageUp PageUp
expect_for output-scrolled "scrolled" 5
if lacks "line 299"; then
	pass output-scrolled-away
else
	fail output-scrolled-away "the end is still shown"
fi
keys End
expect_for output-end-follows "line 299" 5
keys /
typetext 'line 17 '
keys Enter
expect_for output-search "line 17 " 5
keys w
expect_for output-nowrap "(no wrap)" 5
keys F4

# ---- the analyzer as you type ----------------------------------------------------

# runs_count: how many runs the history holds.
runs_count() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from runs").fetchone()[0])' "$DB"
}
# last_run FIELDS: the newest run's columns, joined by |.
last_run() {
	python3 -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute("select " + sys.argv[2] + " from runs order by id desc limit 1").fetchone()
print("|".join("" if v is None else str(v) for v in r))' "$DB" "$1"
}

start 120x40 "$D/risky.py"
wait_for "F5Run" 5
keys C-a Delete
typetext 'import os'
keys Enter
typetext 'print("quiet")'
sleep 1
lacks "risk " && pass lint-quiet-code-no-level || fail lint-quiet-code-no-level "a level for harmless code"
keys Enter
typetext 'os.system("echo RISKY" + "-RAN")'
expect_for lint-title-shows-level "risk high" 5
if has "3!os.system"; then pass lint-gutter-mark; else fail lint-gutter-mark "no ! beside line 3"; fi
$TM capture-pane -e -p -t k >"$D/lint.txt"
if grep -q "$(printf '\033')\[[0-9;]*4[0-9;]*mos\.system" "$D/lint.txt"; then
	pass lint-span-underlined
else
	fail lint-span-underlined "no underline before os.system"
fi
keys Enter
typetext 'eval(input())'
sleep 1

# ---- the approval dialog ----------------------------------------------------------

n0=$(runs_count)
# A key typed ahead of the dialog (here in the same read as F5) is not an
# answer: nothing runs, and the dialog stays.
$TM send-keys -t k F5 a
sleep 1
if has "Approval needed" && lacks "RISKY-RAN"; then
	pass dialog-typeahead-ignored
else
	fail dialog-typeahead-ignored "a key sent with F5 answered the dialog"
fi
keys Escape
wait_gone "Approval needed" 5
keys F5
expect_for dialog-opens "Approval needed: risk high" 10
sleep 0.3
has "is at or above ask_at (high)" && pass dialog-says-why || fail dialog-says-why "no reason"
has "3:1  high" && pass dialog-lists-warning || fail dialog-lists-warning "no 3:1 high line"
has "[py." && pass dialog-names-rule || fail dialog-names-rule "no rule id"
has "-- line 3, column 1" && pass dialog-excerpt-at-warning || fail dialog-excerpt-at-warning "excerpt not at line 3"
sleep 1
lacks "RISKY-RAN" && pass dialog-not-run-yet || fail dialog-not-run-yet "it ran before approval"
keys Down
expect_for dialog-down-moves-excerpt "-- line 4, column 1" 5
keys Up
expect_for dialog-up-moves-back "-- line 3, column 1" 5
keys v
expect_for dialog-view-whole-code "v Warnings" 5
has "1 import os" && pass dialog-view-shows-code || fail dialog-view-shows-code "no line 1"
keys v
keys Escape
expect_for dialog-escape-cancels "cancelled: not run" 5
[ "$(runs_count)" = "$n0" ] && pass dialog-cancel-not-recorded || fail dialog-cancel-not-recorded "a run was recorded"

keys F5
wait_for "Approval needed" 10
sleep 0.3	# keys sooner than 0.2 s after it shows are dropped
keys r
expect_for dialog-reject-asks-reason "Reason (optional)" 5
typetext 'calls eval on input'
keys Enter
expect_for dialog-reject-says "rejected: not run" 5
sleep 0.5
lacks "RISKY-RAN" && pass dialog-rejected-not-run || fail dialog-rejected-not-run "it ran"
got=$(last_run "status, decision, decided_how, decision_reason, risk")
[ "$got" = "rejected|rejected|workbench|calls eval on input|high" ] &&
    pass dialog-reject-recorded || fail dialog-reject-recorded "newest run: $got"

keys F5
wait_for "Approval needed" 10
sleep 0.3	# keys sooner than 0.2 s after it shows are dropped
keys Down
keys e
wait_gone "Approval needed" 5
typetext '#'
screen
if grep -q '^4[ !]#eval(input())' "$D/screen"; then pass dialog-edit-jumps-to-line; else fail dialog-edit-jumps-to-line "the cursor was not on line 4"; fi
keys BSpace

keys F5
wait_for "Approval needed" 10
sleep 0.3	# keys sooner than 0.2 s after it shows are dropped
keys a
expect_for dialog-approve-runs "RISKY-RAN" 20
sleep 1
got=$(last_run "decision, decided_how, decided_by")
[ "$got" = "approved|workbench|$(id -un)" ] &&
    pass dialog-approve-recorded || fail dialog-approve-recorded "newest run: $got"

keys C-a Delete
typetext 'import shutil'
keys Enter
typetext 'shutil.rmtree("/")'
keys F5
expect_for dialog-critical-blocked "Blocked by policy: risk critical" 10
sleep 0.3
if has "Approve"; then fail dialog-blocked-no-approve "offers Approve"; else pass dialog-blocked-no-approve; fi
if has "Override"; then fail dialog-blocked-no-override "offers an override the config does not allow"; else pass dialog-blocked-no-override; fi
keys a
expect_for dialog-blocked-a-refused "blocked by policy" 5
keys Escape
expect_for dialog-blocked-closes "blocked: not run" 5
got=$(last_run "status, decision, decided_by, decided_how")
[ "$got" = "blocked|blocked|policy|policy" ] &&
    pass dialog-block-recorded || fail dialog-block-recorded "newest run: $got"

# With [policy] allow_override, a block can be overridden, typed out.
mkdir -p "$D/config2/kiln"
printf '[policy]\nallow_override = yes\n[limits]\ntimeout = 60s\n' >"$D/config2/kiln/config"
printf 'import shutil\nshutil.rmtree("/", ignore_errors=True)\nprint("OVER" + "RIDDEN")\n' >"$D/crit.py"
T_ENV="XDG_CONFIG_HOME=$D/config2" start 120x40 "$D/crit.py"
wait_for "F5Run" 5
keys F5
expect_for override-offered "o Override" 10
sleep 0.3
keys o
typetext 'yes'
keys Enter
expect_for override-wrong-word-refused "type override and Enter" 5
sleep 0.5
lacks "OVERRIDDEN" && pass override-wrong-word-not-run || fail override-wrong-word-not-run "it ran"
keys BSpace BSpace BSpace
typetext 'override'
keys Enter
expect_for override-runs "OVERRIDDEN" 20
sleep 1
got=$(last_run "decision, decided_how")
[ "$got" = "approved|workbench override" ] &&
    pass override-recorded || fail override-recorded "newest run: $got"

# ---- colours reach the screen; no history is fine -------------------------------

start 120x40 "$D/colour.py"
wait_for "F5Run" 5
$TM capture-pane -e -p -t k >"$D/colour.txt"
if grep -q "$(printf '\033')\[[0-9;]*3[0-9;]*m *def\|$(printf '\033')\[38;5;[0-9]*m *def\|$(printf '\033')\[[0-9;]*m *import" "$D/colour.txt"; then
	pass syntax-colours-drawn
else
	fail syntax-colours-drawn "no colour escape before a keyword"
fi
start 120x40 --no-history "$D/nohist.py"
wait_for "F5Run" 5
keys F2
expect_for no-history-language-popup "Language (Enter" 20
keys Escape
keys F5
expect_for no-history-runs "fib(9) = 34" 20

# ---- terminals: 8 colours and none, NO_COLOR, themes --------------------------

for term in screen linux vt100; do
	T_TERM=$term start 100x30
	expect_for "term-$term" "F5Run" 5
done
T_ENV="NO_COLOR=1" start 100x30 --theme light
expect_for no-color-light-theme "F5Run" 5
printf 'title = nosuchcolour blue\n' >"$D/bad.theme"
start 100x30 --theme "$D/bad.theme"
expect_for bad-theme-line-reported "bad.theme:1" 5

# ---- the help scrolls on a short terminal ----------------------------------------

start 80x20 "$D/help.py"
wait_for "F5Run" 5
keys F1
expect_for help-short-marked "Up, Down: more" 5
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do $TM send-keys -t k Down; done
expect_for help-scrolls-to-end "Mouse: click to focus" 5
keys q
wait_gone "Up, Down: more" 5 && pass help-short-closes || fail help-short-closes "still open"

finish
