#!/bin/sh
# history.sh - the history browser (F7), driven as a person drives it: the
# real ./kiln inside tmux, on a real history that `kiln run` writes to from
# outside, keys sent with send-keys, the screen read back with
# capture-pane, and the database checked with python3's sqlite3.
#
#	KILN=./kiln sh tests/tui/history.sh
#
# Each check prints "ok   NAME" or "FAIL NAME: why" (with the screen); the
# last line is "N passed, N failed". Needs tmux and python3.
# shellcheck disable=SC2317	# helpers are called indirectly
set -u

TUI_NAME=hview
. "$(dirname "$0")/lib.sh"

# row ID: the table shows a row for run ID (its id first on the line).
row() {
	screen
	grep -qE "^ *$1  " "$D/screen"
}

# krun FILE [OPTIONS...]: `kiln run` from outside, into $DB, policy off.
krun() {
	f=$1
	shift
	"$KILN" run --db "$DB" --ask-at never --block-at never "$@" "$f" \
	    >>"$D/runs.log" 2>&1
}

# sql QUERY: one value from the database (python3's sqlite3).
sql() {
	python3 -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print("" if r is None or r[0] is None else r[0])' "$DB" "$1"
}

# ---- the runs: several languages and ends, made by kiln run ----------------

# Its output differs each run (for the diff), and it prints escape
# sequences that would retitle and clear the terminal.
cat >"$D/stamp.py" <<'EOF'
import time
print("stamp", time.time_ns())
print("\033]0;PWNED\007\033[2Jafter-escapes")
EOF
printf 'import sys\nprint("to-err", file=sys.stderr)\nsys.exit(3)\n' >"$D/fails.py"
printf 'while True:\n    pass\n' >"$D/spin.py"
printf 'console.log("from-js " + (6 * 7));\n' >"$D/hello.js"
printf 'import os\nos.system("echo risky" + "-ran")\n' >"$D/risky.py"
printf 'console.log("live-run-appears");\n' >"$D/live.js"
printf 'print("editor file")\n' >"$D/ed.py"

krun "$D/stamp.py"				# 1 python ok
krun "$D/fails.py"				# 2 python error, exit 3
krun "$D/spin.py" --timeout 1500ms		# 3 python timeout, busy
krun "$D/hello.js"				# 4 javascript ok
"$KILN" run --db "$DB" --yes "$D/risky.py" >>"$D/runs.log" 2>&1	# 5 high
if [ "$(sql 'SELECT count(*) FROM runs')" = 5 ] &&
    [ "$(sql 'SELECT status FROM runs WHERE id = 3')" = timeout ] &&
    [ "$(sql 'SELECT risk FROM runs WHERE id = 5')" = high ]; then
	pass setup-runs
else
	fail setup-runs "$(cat "$D/runs.log")"
fi

# ---- F7: the table ---------------------------------------------------------

start 120x40 "$D/ed.py"
wait_for "F5Run" 5
$TM select-pane -t k -T kiln-title
keys F7
expect_for opens-with-count "5 runs" 5
has "ID" && has "WHEN" && has "LANG" && has "STATUS" && has "WALL" &&
    has "PEAK" && has "RISK" && has "CODE" && pass column-headings ||
    fail column-headings "a heading is missing"
if row 5 && row 4 && row 3 && row 2 && row 1; then
	pass lists-every-run
else
	fail lists-every-run "a run is missing"
fi
screen
if grep -E '^ *2  .*python +error ' "$D/screen" >/dev/null &&
    grep -E '^ *3  .*python +timeout ' "$D/screen" >/dev/null &&
    grep -E '^ *4  .*javascript +ok ' "$D/screen" >/dev/null &&
    grep -E '^ *5  .*ok .*high +import os' "$D/screen" >/dev/null &&
    grep -E '^ *4  .*console.log' "$D/screen" >/dev/null; then
	pass row-columns
else
	fail row-columns "a row lacks its language, status, risk or code"
fi
# Newest first, the newest selected: "row 1 of 5".
if has "row 1 of 5" && [ "$(grep -nE '^ *5  ' "$D/screen" | cut -d: -f1)" -lt \
    "$(grep -nE '^ *1  ' "$D/screen" | cut -d: -f1)" ]; then
	pass newest-first
else
	fail newest-first "not newest first"
fi
# The status in its colour (the default theme: red for an error).
$TM capture-pane -e -p -t k >"$D/colour.txt"
if grep -q "$(printf '\033')\[[0-9;]*38;5;203m *error\|$(printf '\033')\[[0-9;]*31m *error" "$D/colour.txt"; then
	pass status-coloured
else
	fail status-coloured "no colour before 'error'"
fi

# ---- a run made elsewhere while the view is open appears -------------------

krun "$D/live.js"				# 6
if wait_for "6 runs" 5 && row 6; then
	pass live-run-appears
else
	fail live-run-appears "run 6 never showed"
fi
has "row 2 of 6" && pass live-selection-kept || fail live-selection-kept \
    "the selection did not stay on run 5"

# ---- filters, each alone and together ------------------------------------------

keys l
if wait_for "lang python" 5 && has "4 runs" && row 5 && row 1 && ! row 4 &&
    ! row 6; then
	pass filter-language
else
	fail filter-language "not only the 4 python runs"
fi
keys s
if wait_for "status ok" 5 && has "2 runs" && row 5 && row 1 && ! row 2; then
	pass filter-language-and-status
else
	fail filter-language-and-status "not runs 5 and 1"
fi
keys a
if wait_for "6 runs" 5 && lacks "lang python" && lacks "status ok"; then
	pass filter-clear-all
else
	fail filter-clear-all "the filters stayed"
fi
keys s
if wait_for "status ok" 5 && has "4 runs" && ! row 2 && ! row 3 && row 4; then
	pass filter-status
else
	fail filter-status "not the 4 ok runs"
fi
keys s
if wait_for "status error" 5 && has "1 run " && row 2 && ! row 1; then
	pass filter-status-next
else
	fail filter-status-next "s did not go on to error"
fi
keys S S
if wait_for "6 runs" 5 && lacks "status"; then
	pass filter-status-back-to-any
else
	fail filter-status-back-to-any "S S did not come back to any status"
fi
keys k k k
if wait_for "high" 5 && has "1 run " && row 5 && ! row 1; then
	pass filter-risk
else
	fail filter-risk "risk >= high is not only run 5"
fi
keys K K K
wait_for "6 runs" 5
keys /
expect_for search-prompt "Search code and output" 5
typetext 'stamp'
keys Enter
if wait_for 'search "stamp"' 5 && has "1 run " && row 1 && ! row 2; then
	pass filter-search
else
	fail filter-search "searching for stamp is not only run 1"
fi
keys l l
if wait_for "lang javascript" 5 && has "0 runs" && has "no run matches"; then
	pass filter-search-and-language
else
	fail filter-search-and-language "search + javascript is not empty"
fi
keys a
wait_for "6 runs" 5

# ---- details: code, output, metrics, approval, graphs ---------------------------

keys Down Down Down		# run 3, the busy timeout
keys Enter
expect_for details-open "Run 3" 5
has "timeout" && has "Metrics" && has "peak memory" && has "limits" &&
    pass details-metrics || fail details-metrics "no metrics"
has "Approval" && has "decision" && pass details-approval ||
    fail details-approval "no approval record"
if has "CPU and memory over time" && has "% of one core" && has "█"; then
	pass details-graphs
else
	fail details-graphs "no graph bars"
fi
keys Escape
keys Home Down		# run 5, approved with --yes
keys Enter
expect_for details-risky "Run 5" 5
has "high" && has "approved by" && has "(--yes)" && has "py.os-exec" &&
    pass details-warnings || fail details-warnings "no decision or warnings"
keys End
if wait_for "os.system" 5 && has "Code (2 lines" && has "risky-ran" &&
    has "Standard output"; then
	pass details-code-output
else
	fail details-code-output "no code or output"
fi
$TM capture-pane -e -p -t k >"$D/colour.txt"
if grep -q "$(printf '\033')\[[0-9;]*m *import" "$D/colour.txt"; then
	pass details-code-highlighted
else
	fail details-code-highlighted "no colour before 'import'"
fi
keys Escape
keys End
expect_for end-oldest "row 6 of 6" 5
keys Enter
expect_for details-oldest "Run 1" 5
keys End
if wait_for "^[]0;PWNED^G^[[2Jafter-escapes" 5; then
	pass details-escapes-as-text
else
	fail details-escapes-as-text "no ^[ placeholders"
fi
title=$($TM display-message -p -t k '#{pane_title}')
[ "$title" = kiln-title ] && pass details-title-intact ||
    fail details-title-intact "pane title is '$title'"
has "kiln history" && pass details-screen-intact ||
    fail details-screen-intact "the screen was cleared"

# ---- copy the id --------------------------------------------------------------

keys c
expect_for copy-message "copied run id 1" 5
[ "$($TM show-buffer 2>/dev/null)" = 1 ] && pass copy-id-clipboard ||
    fail copy-id-clipboard "tmux's buffer holds '$($TM show-buffer 2>&1)'"

# ---- rerun: live in the workbench, recorded as a rerun ------------------------

keys r
if wait_for "F5Run" 10 && wait_for "after-escapes" 20 && wait_for "-- ok" 20; then
	pass rerun-live-output
else
	fail rerun-live-output "the rerun's output never showed"
fi
if [ "$(sql 'SELECT rerun_of FROM runs ORDER BY id DESC LIMIT 1')" = 1 ] &&
    [ "$(sql 'SELECT count(*) FROM runs')" = 7 ]; then
	pass rerun-recorded
else
	fail rerun-recorded "the newest run is not a rerun of run 1"
fi

# ---- the diff of the rerun and its original ----------------------------------

keys F7
expect_for rerun-in-table "7 runs" 5
keys Home
keys d
expect_for diff-prompt "Diff run 7 against run: 1" 5
keys Enter
if wait_for "--- run 1 stdout" 5 && has "+++ run 7 stdout" && has "@@ -1"; then
	pass diff-shown
else
	fail diff-shown "no unified diff"
fi
$TM capture-pane -e -p -t k >"$D/colour.txt"
E=$(printf '\033')
if grep -q "$E\[[0-9;]*m-stamp" "$D/colour.txt" &&
    grep -q "$E\[[0-9;]*m+stamp" "$D/colour.txt" &&
    [ "$(grep "$E\[[0-9;]*m-stamp" "$D/colour.txt" | grep -o "$E\[[0-9;]*m-" | head -1)" != \
    "$(grep "$E\[[0-9;]*m+stamp" "$D/colour.txt" | grep -o "$E\[[0-9;]*m+" | head -1 | tr + -)" ]; then
	pass diff-coloured
else
	fail diff-coloured "the - and + lines are not in colours of their own"
fi
has "status      ok (same)" && pass diff-compares-status ||
    fail diff-compares-status "no status comparison"
keys Escape
keys d
keys C-u
typetext 'nosuch'
keys Enter
expect_for diff-bad-id "'nosuch' is not a run number" 5
keys d
keys C-u
typetext '999'
keys Enter
expect_for diff-missing-run "no run 999" 5
keys Down Down Down Down Down Down	# run 1: no rerun_of, nothing given
keys d
keys Enter
expect_for diff-needs-id "no run to compare with" 5

# ---- delete: asks; n keeps, y removes -----------------------------------------

keys Home
keys Down Down Down	# run 4, javascript
keys x
expect_for delete-asks "Delete run 4 from the history? (y/n)" 5
keys n
if wait_for "kept run 4" 5 && [ "$(sql 'SELECT count(*) FROM runs WHERE id = 4')" = 1 ] && row 4; then
	pass delete-no-keeps
else
	fail delete-no-keeps "run 4 is gone after n"
fi
keys Delete
wait_for "(y/n)" 5
keys y
if wait_for "deleted run 4" 5 && [ "$(sql 'SELECT count(*) FROM runs WHERE id = 4')" = 0 ]; then
	pass delete-yes-removes
else
	fail delete-yes-removes "run 4 is still in the database"
fi
if ! row 4 && has "6 runs"; then
	pass delete-gone-from-screen
else
	fail delete-gone-from-screen "run 4 is still on the screen"
fi

# ---- load into the editor, with its language --------------------------------------

keys Home
keys Down	# run 6, javascript
keys e
if wait_for "F5Run" 5 && wait_for 'console.log("live-run-appears");' 5 &&
    head -1 "$D/screen" | grep -q javascript; then
	pass edit-loads-code-and-language
else
	fail edit-loads-code-and-language "the editor does not hold run 6"
fi

# ---- the help, and the mouse ----------------------------------------------------

keys F7
wait_for "row " 5
keys F1
expect_for help-opens "kiln history - keys" 5
keys Escape
expect_for help-closes "LANG" 5
# X10 mouse reports: a left press and release at column 5 of screen row 6
# (1-based), the table's fourth row.
$TM send-keys -t k -l "$(printf '\033[M %%&\033[M#%%&')"
sleep 0.3
has "row 4 of" && pass mouse-click-selects || fail mouse-click-selects \
    "the click did not select the fourth row"
$TM send-keys -t k -l "$(printf '\033[M %%&\033[M#%%&')"
expect_for mouse-click-again-opens "Metrics" 5
keys q
wait_for "LANG" 5
keys F7
expect_for closes-to-workbench "F5Run" 5

# ---- a run that is going shows as running, then as it ended ----------------

printf 'import time\ntime.sleep(3)\nprint("slept")\n' >"$D/sleeper.py"
keys F7
wait_for "6 runs" 5
krun "$D/sleeper.py" &
if wait_for "7 runs" 5 && screen && grep -qE '^ *8  .* running ' "$D/screen"; then
	pass live-running-shown
else
	fail live-running-shown "run 8 never showed as running"
fi
keys Home
keys x
expect_for delete-running-refused "run 8 is still running" 5
lacks "(y/n)" && pass delete-running-no-question ||
    fail delete-running-no-question "it asks anyway"
[ "$(sql 'SELECT count(*) FROM runs WHERE id = 8')" = 1 ] &&
    pass delete-running-kept || fail delete-running-kept "run 8 is gone"
wait
i=0
while [ $i -lt 50 ] && ! grep -qE '^ *8  .* ok ' "$D/screen"; do
	sleep 0.1
	screen
	i=$((i + 1))
done
if grep -qE '^ *8  .* ok ' "$D/screen"; then
	pass live-running-ends
else
	fail live-running-ends "run 8 did not turn ok"
fi
keys F7
wait_for "F5Run" 5

# ---- a long history: End is the oldest, PgDn pages on ----------------------------

python3 - "$DB" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
with con:
    con.execute("""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
                                WHERE i < 3000)
        INSERT INTO runs (created_ms, finished_ms, user, language, code,
                          code_sha256, status, exit_code, wall_ms, cpu_ms,
                          peak_memory_kb, stdout, stderr)
        SELECT created_ms + i, finished_ms + i, user, language,
               'print("bulk %d")' || char(10), code_sha256, status,
               exit_code, wall_ms, cpu_ms, peak_memory_kb,
               'bulk ' || i || char(10), ''
        FROM runs, n WHERE runs.id = 1""")
EOF
keys F7
expect_for long-count "3,007 runs" 5
t0=$(date +%s%N)
keys End
if wait_for "row 3,007 of 3,007" 5 && row 1; then
	t1=$(date +%s%N)
	pass "long-end-oldest ($(( (t1 - t0) / 1000000 )) ms)"
else
	fail long-end-oldest "End did not reach run 1"
fi
keys Home
wait_for "row 1 of 3,007" 5
keys PageDown PageDown PageDown
screen
n=$(grep -o 'row [0-9,]* of' "$D/screen" | tr -dc '0-9')
if [ -n "$n" ] && [ "$n" -gt 90 ]; then
	pass "long-pgdn-pages (row $n)"
else
	fail long-pgdn-pages "after 3 PgDn, row ${n:-?}"
fi
i=0
while [ $i -lt 40 ]; do $TM send-keys -t k PageDown; i=$((i + 1)); done
sleep 0.5
screen
n=$(grep -o 'row [0-9,]* of' "$D/screen" | tr -dc '0-9')
if [ -n "$n" ] && [ "$n" -gt 1300 ] && [ "$(grep -cE '^ *[0-9]+  ' "$D/screen")" -ge 30 ]; then
	pass "long-pgdn-deep (row $n)"
else
	fail long-pgdn-deep "after 43 PgDn, row ${n:-?}"
fi
keys PageUp
screen
m=$(grep -o 'row [0-9,]* of' "$D/screen" | tr -dc '0-9')
[ -n "$m" ] && [ "$m" -lt "$n" ] && pass long-pgup || fail long-pgup "row ${m:-?}"

# ---- a risky run re-run goes through the approval dialog ------------------------

start 120x40 "$D/ed2.py"
wait_for "F5Run" 5
keys F7
wait_for "row " 5
keys /
typetext 'risky'
keys Enter
wait_for "1 run" 5
n0=$(sql 'SELECT count(*) FROM runs')
keys r
expect_for rerun-risky-asks "Approval needed: risk high" 10
sleep 0.3
has "a rerun of run 5" && pass rerun-risky-names-run || fail rerun-risky-names-run "no 'a rerun of run 5'"
sleep 0.5
lacks "risky-ran" && pass rerun-risky-not-run-yet || fail rerun-risky-not-run-yet "it ran"
keys e
if wait_gone "Approval needed" 5 && wait_for 'os.system("echo risky" + "-ran")' 5 &&
    head -1 "$D/screen" | grep -q python; then
	pass rerun-risky-edit-loads-code
else
	fail rerun-risky-edit-loads-code "the editor does not hold run 5"
fi
[ "$(sql 'SELECT count(*) FROM runs')" = "$n0" ] && pass rerun-risky-edit-not-recorded ||
    fail rerun-risky-edit-not-recorded "a run was recorded"
keys F7
wait_for "1 run" 5
keys r
wait_for "Approval needed" 10
sleep 0.3	# keys sooner than 0.2 s after it shows are dropped
keys a
expect_for rerun-risky-approved-runs "risky-ran" 20
sleep 1
if [ "$(sql 'SELECT rerun_of FROM runs ORDER BY id DESC LIMIT 1')" = 5 ] &&
    [ "$(sql 'SELECT decision FROM runs ORDER BY id DESC LIMIT 1')" = approved ]; then
	pass rerun-risky-recorded
else
	fail rerun-risky-recorded "the newest run is not an approved rerun of run 5"
fi

# ---- without a history ---------------------------------------------------------

start 100x30 --no-history "$D/ed.py"
wait_for "F5Run" 5
keys F7
expect_for no-history-says-so "no history" 5
has "F5Run" && pass no-history-stays || fail no-history-stays "left the workbench"

finish
