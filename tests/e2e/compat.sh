# compat.sh - what ordinary programs need from kiln, in every language.
# Sourced by suite.sh; programs live in programs/ (P).

# shellcheck disable=SC2034	# used by suite.sh
LANGS="python javascript go bash c"

# The host checks are only worth something if they can fail: kh.py must
# report a process left behind, a big peak RSS, and the marker search must
# find a marked process.
t_harness() {
	local p
	"$PY" "$KH" run --out "$T/o" --err "$T/e" --meta "$T/m" -- \
	    sh -c 'sleep 30 & exit 0'
	grep -q 'sleep 30' "$T/m" || fail "kh.py missed a process left behind: $(cat "$T/m")"
	"$PY" "$KH" run --out "$T/o" --err "$T/e" --meta "$T/m" -- "$PY" -c '
import time
b = bytearray(100 << 20)
for i in range(0, len(b), 4096):
    b[i] = 1
time.sleep(0.3)'
	p=$("$PY" "$KH" get "$T/m" kiln_hwm_kb)
	expect_range "peak RSS kh.py saw of a 100 MiB process" "$p" $((95 * 1024)) $((200 * 1024))
	sh -c "exec sleep 30 0.$MARK" &
	p=$!
	sleep 0.2
	marked_procs | grep -q "^ *$p " || fail "marked_procs missed pid $p"
	kill "$p"
	wait "$p" 2>/dev/null
	return 0
}

# compiled LANG: whether LANG has a compile step.
compiled() {
	case $1 in go | c) return 0 ;; *) return 1 ;; esac
}

t_hello() {
	local lang=$1 src
	src=$(prog "$P/hello.$(ext "$lang")")
	krun -- --json "$src"
	expect_status ok
	expect_rc 0
	# recorded in the pass's own history: an id, and the run after it next
	expect_range id "$(jf id)" 1 1000000000
	local id=$(jf id)
	expect_field language "$lang"
	expect_field exit_code 0
	expect_field signal null
	expect_field violation null
	expect_field output_truncated false
	expect_file_eq "$(jfile stdout)" "hello, world
"
	expect_file_eq "$(jfile stderr)" ""
	if compiled "$lang"; then
		expect_ne "compile_output of a compiled language" "$(jf compile_output)" null
	else
		expect_field compile_output null
	fi
	# the defaults, as --help states them
	expect_field limits.timeout_ms 10000
	expect_field limits.cpu_ms 10000
	expect_field limits.memory_kb 262144
	expect_field limits.pids 64
	expect_field limits.output_bytes 1048576
	local k
	for k in wall_ms cpu_ms peak_memory_kb; do
		expect_range "$k" "$(jf $k)" 0 100000000
	done
	# without --json: the program's bytes on stdout, a summary on stderr
	krun -- "$src"
	expect_rc 0
	expect_file_eq "$OUT" "hello, world
"
	expect_has "$ERR" "kiln: run $((id + 1)), $lang: ok" "the summary line"
}

t_limits_echoed() {
	krun -- --json --timeout 5s --cpu 2500ms --memory 128M --pids 20 \
	    --output-limit 64k "$(prog "$P/hello.py")"
	expect_status ok
	expect_field limits.timeout_ms 5000
	expect_field limits.cpu_ms 2500
	expect_field limits.memory_kb 131072
	expect_field limits.pids 20
	expect_field limits.output_bytes 65536
}

t_stdin() {
	local lang=$1
	seq 1 1000 >"$T/input"
	krun -- --json --stdin "$T/input" "$(prog "$P/stdin.$(ext "$lang")")"
	expect_status ok
	expect_file_eq "$(jfile stdout)" "lines=1000 sum=500500
"
}

t_exit3() {
	local lang=$1
	krun -- --json "$(prog "$P/exit3.$(ext "$lang")")"
	expect_status error
	expect_field exit_code 3
	expect_field signal null
	expect_rc 3
	expect_file_eq "$(jfile stdout)" "before exit
"
	krun -- "$(prog "$P/exit3.$(ext "$lang")")"
	expect_rc 3
}

# t_signal LANG SIGNO: the program kills itself with signal SIGNO.
t_signal() {
	local lang=$1 sig=$2
	krun -- --json "$(prog "$P/signal.$(ext "$lang")")"
	expect_status signaled
	expect_field signal "$sig"
	expect_field exit_code null
	expect_rc $((128 + sig))
	expect_has "$(jfile stdout)" "aborting"
}

t_unicode() {
	local lang=$1 want="héllo wörld — 日本語のテキスト — Ωμέγα — 🎉🦀 — ✓
"
	krun -- --json "$(prog "$P/unicode.$(ext "$lang")")"
	expect_status ok
	expect_file_eq "$(jfile stdout)" "$want"
	krun -- "$(prog "$P/unicode.$(ext "$lang")")"
	expect_file_eq "$OUT" "$want"
}

t_lines() {
	local lang=$1 why src
	src=$(prog "$P/lines.$(ext "$lang")")
	# streamed to a pipe
	krun -- --output-limit 16M --timeout 60s --cpu 60s "$src"
	expect_rc 0
	why=$("$PY" "$KH" lines "$OUT" 200000 line) || fail "streamed stdout: $why"
	# and captured in the JSON object (the same in every language: python)
	[ "$lang" = python ] || return 0
	krun -- --json --output-limit 16M --timeout 60s --cpu 60s "$src"
	expect_status ok
	expect_field output_truncated false
	why=$("$PY" "$KH" lines "$(jfile stdout)" 200000 line) || fail "JSON stdout: $why"
}

t_threads() {
	local lang=$1 want
	case $lang in
	python) want="threads 1499950000
pool 50499450
process (True, 124750)
exitcode 0
" ;;
	javascript) want="workers 499500,1999000,4498500
child 42
sh from-sh
" ;;
	go) want="goroutines 100 total 1691497500
exec child <nil>
" ;;
	bash) want="job1
job2
job3
job4
pipeline 5050
waited 0
" ;;
	c) want="threads 1499950000
fork 124750 exit 7
" ;;
	esac
	krun -- --json "$(prog "$P/threads.$(ext "$lang")")"
	expect_status ok
	expect_no_violation
	expect_file_eq "$(jfile stdout)" "$want"
}

t_files() {
	local lang=$1
	krun -- --json "$(prog "$P/files.$(ext "$lang")")"
	expect_status ok
	expect_file_eq "$(jfile stdout)" "/work 14000 data in /work True
/tmp 13000 data in /tmp True
cwd /work home /work
relative True
"
}

# t_compile_error LANG WANT: WANT is part of the compiler's message.
t_compile_error() {
	local lang=$1 want=$2
	krun -- --json "$(prog "$P/compile_error.$(ext "$lang")")"
	expect_status compile-error
	expect_rc 1
	expect_field exit_code null
	expect_has "$(jfile compile_output)" "$want" "compile_output"
	expect_file_eq "$(jfile stdout)" ""
	krun -- "$(prog "$P/compile_error.$(ext "$lang")")"
	expect_rc 1
	expect_has "$ERR" "$want" "kiln's stderr"
}

# Live output: the first line must reach a pipe reader long before the
# program ends (it sleeps 2 s between its two lines).
t_stream() {
	local lang=$1 gap
	krun --stamps -- "$(prog "$P/stream.$(ext "$lang")")"
	expect_rc 0
	expect_file_eq "$OUT" "first
second
"
	gap=$("$PY" -c '
import json, sys
s = json.load(open(sys.argv[1]))["stamps"]
t = {line: at for at, line in s}
print("%.2f" % (t["second"] - t["first"]) if "first" in t and "second" in t else "none")' "$META")
	note "first and second line arrived $gap s apart"
	case $gap in
	none) fail "lines missing from the stream" ;;
	*) "$PY" -c 'import sys; sys.exit(float(sys.argv[1]) < 1.0)' "$gap" ||
		fail "the first line arrived only $gap s before the second: not live" ;;
	esac
}

t_separate() {
	local lang=$1 src
	src=$(prog "$P/separate.$(ext "$lang")")
	krun -- --json "$src"
	expect_status ok
	expect_file_eq "$(jfile stdout)" "OUT0
OUT1
OUT2
"
	expect_file_eq "$(jfile stderr)" "ERR0
ERR1
ERR2
"
	krun -- "$src"
	expect_file_eq "$OUT" "OUT0
OUT1
OUT2
"
	expect_has "$ERR" "ERR2"
	expect_lacks "$ERR" "OUT0" "kiln's stderr"
}

# ---- refused input: exit 125 and a message that says why -------------------

# refused WHAT WANT-IN-MESSAGE: the last run was refused as it should be.
refused() {
	expect_rc 125
	expect_has "$ERR" "$2" "the message for $1"
	[ -s "$OUT" ] && fail "$1: something on stdout: $(head -c 100 "$OUT")"
	return 0
}

t_bad_missing() {
	krun -- "$T/no-such-file.py"
	refused "a missing file" "no-such-file.py"
	expect_has "$ERR" "No such file"
}

t_bad_lang() {
	krun -- --lang cobol "$(prog "$P/hello.py")"
	refused "an unknown language" "cobol"
	expect_has "$ERR" "unknown language"
}

t_bad_values() {
	local src opt
	src=$(prog "$P/hello.py")
	for opt in "--memory 12Q" "--memory -5" "--memory =" "--timeout soon" \
	    "--cpu 1x" "--pids many" "--output-limit 1T1" "--disk lots" \
	    "--net everywhere"; do
		# shellcheck disable=SC2086
		krun -- $opt "$src"
		refused "$opt" "kiln:"
		expect_has "$ERR" "${opt#* }" "the message for $opt"
	done
	krun -- --memory "" "$src"
	refused "an empty --memory" "kiln:"
}

t_bad_huge_source() {
	yes 'x = 1' | head -c 50M >"$T/huge.py"
	krun -- "$T/huge.py"
	refused "a 50 MB source" "huge.py"
	expect_has "$ERR" "large"
	krun -- --json "$T/huge.py"
	expect_rc 125
	expect_field status internal-error
	expect_ne "error" "$(jf error)" "<missing>"
}

t_bad_binary() {
	cp /bin/ls "$T/x.py"
	krun -- "$T/x.py"
	refused "a binary" "x.py"
	cp /bin/ls "$T/x.c"
	krun -- --json "$T/x.c"
	expect_rc 125
	expect_field status internal-error
}

t_bad_usage() {
	krun --
	expect_rc 125
	krun -- "$(prog "$P/hello.py")" extra-argument
	expect_rc 125
	krun -- --no-such-option "$(prog "$P/hello.py")"
	expect_rc 125
}

t_source_on_stdin() {
	krun --stdin-from "$P/hello.py" -- --json --lang python -
	expect_status ok
	expect_file_eq "$(jfile stdout)" "hello, world
"
	krun --stdin-from "$P/hello.py" -- --json -
	expect_rc 125		# no name, no #! line, no --lang: cannot tell
}

t_shebang() {
	printf '#!/usr/bin/env python3\nprint("from a shebang")\n' >"$T/script"
	krun -- --json "$T/script"
	expect_status ok
	expect_field language python
	expect_file_eq "$(jfile stdout)" "from a shebang
"
	# a #! line names a language, never a command to run
	printf '#!/bin/rm -rf /work\necho hi\n' >"$T/rm-script"
	krun -- "$T/rm-script"
	expect_rc 125
}

t_stdin_unread() {
	head -c 20M /dev/zero >"$T/input"
	krun -- --json --stdin "$T/input" "$(prog "$P/stdin_ignore.py")"
	expect_status ok
	expect_file_eq "$(jfile stdout)" "done without reading
"
	krun -- --json "$(prog "$P/stdin_eof.py")"
	expect_status ok
	expect_file_eq "$(jfile stdout)" "read 0 bytes
"
}

t_binary_output() {
	krun -- --json "$(prog "$P/binary.py")"
	expect_status ok
	expect_has "$(jfile stdout)" "ok "
	expect_has "$(jfile stdout)" " cut"
	# to a pipe, the program's bytes pass unchanged
	krun -- "$(prog "$P/binary.py")"
	printf 'ok \377\376 bad \000 nul \033[31mred\033[0m \342\202 cut\n\303' >"$T/want"
	cmp -s "$OUT" "$T/want" || fail "bytes changed on the way: $(od -c "$OUT" | head -3 | tr '\n' ' ')"
}

# Exactly the limit is fine; one byte more is not.
t_output_limit_edge() {
	local src
	src=$(prog "$P/exact.py")
	echo 65536 >"$T/n"
	krun -- --json --output-limit 64k --stdin "$T/n" "$src"
	expect_status ok
	expect_field output_truncated false
	expect_eq "stdout bytes" "$(wc -c <"$(jfile stdout)")" 65536
	echo 65537 >"$T/n"
	krun -- --json --output-limit 64k --stdin "$T/n" "$src"
	expect_status output-limit
	expect_field output_truncated true
	expect_rc 137
	expect_eq "stdout bytes" "$(wc -c <"$(jfile stdout)")" 65536
}

# The --json object is a public interface: exactly these fields.
t_json_fields() {
	local got
	krun -- --json "$(prog "$P/hello.py")"
	got=$(ls "$F" | tr '\n' ' ')
	expect_eq "--json fields" "$got" "compile_output cpu_ms decided decided_by decided_how decision decision_reason exit_code id language limits limits.cpu_ms limits.memory_kb limits.output_bytes limits.pids limits.timeout_ms output_truncated peak_memory_kb risk signal status stderr stdout violation wall_ms warnings "
}

# ---- accounting and limits --------------------------------------------------

t_cpu_accounting() {
	krun -- --json "$(prog "$P/cpu1s.c")"
	expect_status ok
	expect_range "cpu_ms of a 1 s busy loop" "$(jf cpu_ms)" 700 1500
	krun -- --json "$(prog "$P/cpu2procs.c")"
	expect_status ok
	expect_range "cpu_ms of two children of 0.5 s each" "$(jf cpu_ms)" 700 1500
}

t_memory_accounting() {
	krun -- --json "$(prog "$P/mem60.c")"
	expect_status ok
	expect_range "peak_memory_kb of 60 MiB in C" "$(jf peak_memory_kb)" $((55 * 1024)) $((90 * 1024))
	krun -- --json "$(prog "$P/mem60.py")"
	expect_status ok
	expect_range "peak_memory_kb of 60 MiB in python" "$(jf peak_memory_kb)" $((55 * 1024)) $((90 * 1024))
	# the whole run: three processes of 30 MiB each
	krun -- --json "$(prog "$P/mem3x30.c")"
	expect_status ok
	expect_range "peak_memory_kb of 3 x 30 MiB" "$(jf peak_memory_kb)" $((85 * 1024)) $((130 * 1024))
}

t_pids_limit() {
	krun -- --json --pids 16 "$(prog "$P/pids.c")"
	expect_status ok
	local n
	n=$(sed -n 's/^children \([0-9]*\) .*/\1/p' "$(jfile stdout)")
	expect_range "children started under --pids 16" "$n" 1 15
	expect_has "$(jfile stdout)" "Resource temporarily unavailable"
	expect_range "tasks seen on the host" "$(mget max_tasks)" 1 17
}

t_open_files() {
	krun -- --json --open-files 50 "$(prog "$P/nofile.py")"
	expect_status ok
	local n
	n=$(sed -n 's/^opened \([0-9]*\) EMFILE$/\1/p' "$(jfile stdout)")
	expect_range "files opened under --open-files 50" "$n" 30 50
}

t_file_size() {
	krun -- --json --file-size 1M "$(prog "$P/fsize.c")"
	expect_status signaled
	expect_field signal 25
	expect_rc 153
	expect_lacks "$(jfile stdout)" "wrote all"
}

t_timeout() {
	krun -- --json --timeout 1s "$(prog "$P/sleep30.sh")"
	expect_status timeout
	expect_rc 124
	expect_file_eq "$(jfile stdout)" "started
"
	expect_range "wall_ms" "$(jf wall_ms)" 900 9000
}

t_cpu_limit() {
	krun -- --json --cpu 1s --timeout 30s "$(prog "$P/spin.c")"
	expect_status cpu-limit
	expect_rc 124
	expect_range "cpu_ms" "$(jf cpu_ms)" 900 5000
}

t_sandbox_view() {
	local v
	krun -- --json --disk 8M "$(prog "$P/view.py")"
	expect_status ok
	v=$(jfile stdout)
	for want in uid=1000 euid=1000 gid=1000 hostname=kiln cwd=/work \
	    env.HOME=/work env.LANG=C.UTF-8 env.TMPDIR=/tmp env.USER=kiln \
	    env.LOGNAME=kiln \
	    "env=HOME,LANG,LOGNAME,PATH,PYTHONDONTWRITEBYTECODE,PYTHONIOENCODING,PYTHONUNBUFFERED,TMPDIR,USER" \
	    "dev=fd,full,null,random,shm,stderr,stdin,stdout,urandom,zero" \
	    size/work=8388608 size/tmp=8388608 writable/work=True writable/tmp=True \
	    create/=no create/usr=no create/etc=no create/bin=no create/dev=no \
	    create/proc/sys=no ifaces=lo; do
		grep -qxF -- "$want" "$v" || fail "sandbox view: want $want, got $(grep -F "${want%%=*}=" "$v" | head -1)"
	done
	# pid 1 is kiln's init; the program is 2 or so, and sees few processes
	grep -qx 'pid=1' "$v" && fail "the program is pid 1 (init must be kiln's)"
	local n
	n=$(sed -n 's/^procs=//p' "$v")
	expect_range "processes visible in /proc" "$n" 1 4
}
