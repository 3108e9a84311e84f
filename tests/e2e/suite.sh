#!/bin/bash
# suite.sh PASS - one pass of the end-to-end suite, as the current user.
#
# run.sh stages kiln and the tests and calls this once per user. Expects
# KILN (the staged binary); KILN_E2E_ONLY (a grep -E pattern) runs only the
# tests whose names match; KILN_E2E_KEEP=1 keeps the tests' files. Prints "ok   PASS NAME" or "FAIL PASS NAME: why"
# per test, then "# PASS: N passed, N failed, S s" and "# done".
set -u
# shellcheck disable=SC2034	# P, KH, RUN_UID, ... are used by the sourced files

PASS=${1:-user}
E2E=$(cd "$(dirname "$0")" && pwd)
P=$E2E/programs
H=$(cd "$E2E/../hostile" && pwd)
KH=$E2E/kh.py
: "${KILN:?KILN must name the kiln binary}"

# shellcheck source=tests/e2e/lib.sh
. "$E2E/lib.sh"
# shellcheck source=tests/e2e/compat.sh
. "$E2E/compat.sh"
# shellcheck source=tests/hostile/hostile.sh
. "$H/hostile.sh"

# The run's processes on the host: nobody for root, the user otherwise.
if [ "$(id -u)" = 0 ]; then RUN_UID=65534; else RUN_UID=$(id -u); fi
# A marker unique to this pass: hostile programs put it in the argv of
# anything they leave running, so the host can look for it.
MARK=7$(od -An -N4 -tu4 /dev/urandom | tr -d ' ' | cut -c1-9)
MARK=$(printf '%-10s' "$MARK" | tr ' ' 0)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-e2e-$PASS.XXXXXX")
# KILN_E2E_KEEP=1 keeps each test's files (in $WORK/t/NAME) for a look.
if [ -n "${KILN_E2E_KEEP:-}" ]; then
	trap 'canary_teardown; echo "# kept $WORK"' EXIT
else
	trap 'canary_teardown; rm -rf "$WORK"' EXIT
fi
trap 'exit 130' INT TERM
canary_setup
# The tester's own kiln config and history must not change what runs do.
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

# t NAME FUNC [ARGS]: run_test, unless KILN_E2E_ONLY leaves it out.
t() {
	if [ -n "${KILN_E2E_ONLY:-}" ] && ! printf '%s' "$1" | grep -qE -- "$KILN_E2E_ONLY"; then
		return 0
	fi
	run_test "$@"
}

start=$(date +%s)

# ---- compatibility -------------------------------------------------------
t harness-self-check t_harness
for lang in $LANGS; do t "hello-$lang" t_hello "$lang"; done
t limits-echoed t_limits_echoed
for lang in $LANGS; do t "stdin-$lang" t_stdin "$lang"; done
for lang in $LANGS; do t "exit-code-$lang" t_exit3 "$lang"; done
t signal-python t_signal python 6
t signal-javascript t_signal javascript 9
t signal-go t_signal go 15
t signal-bash t_signal bash 11
t signal-c t_signal c 11
for lang in $LANGS; do t "unicode-$lang" t_unicode "$lang"; done
for lang in $LANGS; do t "lines-200k-$lang" t_lines "$lang"; done
for lang in $LANGS; do t "threads-processes-$lang" t_threads "$lang"; done
for lang in $LANGS; do t "files-$lang" t_files "$lang"; done
t compile-error-c t_compile_error c "undeclared_thing_xyz"
t compile-error-go t_compile_error go "undefined: undefinedThingXyz"
for lang in $LANGS; do t "live-stream-$lang" t_stream "$lang"; done
for lang in $LANGS; do t "stdout-stderr-apart-$lang" t_separate "$lang"; done
t bad-missing-file t_bad_missing
t bad-unknown-lang t_bad_lang
t bad-option-values t_bad_values
t bad-huge-source t_bad_huge_source
t bad-binary-source t_bad_binary
t bad-usage t_bad_usage
t source-on-stdin t_source_on_stdin
t shebang t_shebang
t stdin-unread-and-eof t_stdin_unread
t json-fields t_json_fields
t binary-output t_binary_output
t output-limit-edge t_output_limit_edge
t cpu-accounting t_cpu_accounting
t memory-accounting t_memory_accounting
t pids-limit t_pids_limit
t open-files-limit t_open_files
t file-size-limit t_file_size
t timeout t_timeout
t cpu-limit t_cpu_limit
t sandbox-view t_sandbox_view

# ---- hostile ----------------------------------------------------------------
hostile_tests

slowest 12
printf '# %s: %d passed, %d failed, %d s\n' "$PASS" "$NPASSED" "$NFAILED" \
    $(($(date +%s) - start))
echo "# done"
[ "$NFAILED" = 0 ]
