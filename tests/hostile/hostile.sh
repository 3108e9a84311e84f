# hostile.sh - programs that attack the sandbox, each run only through kiln,
# each judged by what the host sees afterwards, never by the program's word.
# Sourced by tests/e2e/suite.sh after lib.sh; programs are beside it ($H).
#
# Besides the checks of each test, krun and run_test check for every run:
# nothing of the run is left on the host (kh.py is a subreaper, so even an
# init that outlived kiln would be found), no process carries this pass's
# marker, the canary files and the canary process are untouched, kiln's
# own peak RSS stays under 64 MiB, and the run's host uid is the expected one.

# hprog NAME: a hostile program with every placeholder filled in.
hprog() {
	prog "$H/$1" "CANARY1=$CANARY_DIR/secret" \
	    "CANARY2=${KILN_E2E_HOME_CANARY:-}" "HOME=${HOME:-}" \
	    "CHECKOUT=${KILN_E2E_CHECKOUT:-}" "STAGE=$(dirname "$KILN")" \
	    "CANARYPID=$HOST_CANARY_PID" "${@:2}"
}

# expect_no_secrets FILE...: no canary secret, no host environment
# variable and no line of the host's /etc/shadow appears in FILE.
expect_no_secrets() {
	local f s line
	for f in "$@"; do
		for s in "$CANARY_SECRET" "$KILN_CANARY_SECRET" \
		    KILN_CANARY_SECRET "$(cat "${KILN_E2E_HOME_CANARY:-/dev/null}" 2>/dev/null)"; do
			[ -n "$s" ] && expect_lacks "$f" "$s" "the program's output"
		done
		# shadow: the host's lines when we can read them, a hash in any case
		if [ -r /etc/shadow ]; then
			while IFS= read -r line; do
				expect_lacks "$f" "$line" "the program's output"
			done </etc/shadow
		fi
		grep -qE '(^|[^a-z])root:(\$|\*|!)' "$f" && fail "a shadow entry appears in $f"
	done
	return 0
}

# bounded_tasks MAX: the run never had more than MAX tasks on the host.
bounded_tasks() {
	expect_range "tasks of the run seen on the host" "$(mget max_tasks)" 1 "$1"
}

# ---- process bombs ----------------------------------------------------------

h_forkbomb() {
	krun -- --json --timeout 2s "$(hprog "$1")"
	expect_one_of "status of a fork bomb" "$(jf status)" timeout cpu-limit
	expect_rc 124
	# --pids 64 counts init too; one more for a /proc walk that is not atomic
	bounded_tasks 65
}

h_forkbomb_bash() {
	krun -- --json --timeout 5s "$(hprog forkbomb.sh)"
	expect_one_of "status of the bash fork bomb" "$(jf status)" ok error timeout cpu-limit
	bounded_tasks 65
}

h_threadbomb() {
	local n
	krun -- --json "$(hprog "$1")"
	expect_status ok
	n=$(sed -n 's/^threads \([0-9]*\) .*/\1/p' "$(jfile stdout)")
	expect_range "threads the bomb got" "$n" 1 63
	bounded_tasks 65
}

# ---- memory -------------------------------------------------------------------

# h_membomb PROG [KILN OPTIONS]: must end as memory-limit.
h_membomb() {
	local src=$1
	shift
	krun -- --json --timeout 30s --cpu 30s "$@" "$(hprog "$src")"
	expect_status memory-limit
	expect_rc 137
	expect_lacks "$(jfile stdout)" "nobody stopped me"
	expect_lacks "$(jfile stderr)" "nobody stopped me"
	expect_range "peak_memory_kb" "$(jf peak_memory_kb)" $((200 * 1024)) $((1024 * 1024))
	note "the host's available memory dropped by up to $(($(mget memavail_drop_kb) / 1024)) MiB during the run"
}

# h_membomb_shmem PROG: memory in shmem that no process maps. Either kiln
# stops it (memory-limit) or refuses the calls that make it (violation);
# the host's own Shmem counter says whether it was really contained.
h_membomb_shmem() {
	krun -- --json --timeout 30s --cpu 30s --memory 256M "$(hprog "$1")"
	expect_one_of "status" "$(jf status)" memory-limit violation
	expect_range "growth of the host's Shmem during the run, kB" \
	    "$(mget shmem_growth_kb)" 0 $((300 * 1024))
}

# h_membomb_kernel PROG: memory the kernel holds for the run (socket
# buffers), which no process's PSS shows: it still counts against --memory.
h_membomb_kernel() {
	krun -- --json --timeout 30s --cpu 30s --memory 256M "$(hprog "$1")"
	expect_status memory-limit
	expect_rc 137
	expect_lacks "$(jfile stdout)" "nobody stopped me"
	note "the host's available memory dropped by up to $(($(mget memavail_drop_kb) / 1024)) MiB during the run"
}

# ---- CPU ------------------------------------------------------------------------

h_spin_threads() {
	krun -- --json --cpu 1s --timeout 20s "$(hprog spin_threads.c)"
	expect_status cpu-limit
	expect_rc 124
	expect_range "cpu_ms" "$(jf cpu_ms)" 1000 6000
}

h_spin_timeout() {
	krun -- --json --timeout 1s --cpu 20s "$(hprog spin_threads.c)"
	expect_status timeout
	expect_rc 124
}

h_cpu_autoreap() {
	krun -- --json --cpu 1s --timeout 20s "$(hprog cpu_autoreap.c)"
	expect_status cpu-limit
	expect_lacks "$(jfile stdout)" "burned 3 s"
}

h_orphan_spin() {
	krun -- --json --cpu 1s --timeout 20s "$(hprog orphan_spin.c)"
	expect_status cpu-limit
	expect_lacks "$(jfile stdout)" "slept through it"
}

# ---- output ---------------------------------------------------------------------

h_flood_json() {
	local n
	krun -- --json --output-limit 1M "$(hprog flood.c)"
	expect_status output-limit
	expect_rc 137
	expect_field output_truncated true
	n=$(wc -c <"$(jfile stdout)")
	expect_range "captured stdout bytes" "$n" $((1024 * 1024 - 65536)) $((1024 * 1024))
	[ "$(head -c 6 "$(jfile stdout)")" = "BEGIN" ] || fail "the output before the stop was not kept"
}

h_flood_json_big() {
	# --json keeps a bounded capture however much the program prints
	krun -- --json --output-limit 256M --timeout 60s "$(hprog flood.c)"
	expect_status output-limit
	expect_field output_truncated true
	[ "$(head -c 6 "$(jfile stdout)")" = "BEGIN" ] || fail "the output before the stop was not kept"
}

h_flood_stream() {
	local n
	# 128 MiB through kiln to a pipe whose reader is a little slow: all of
	# it arrives, and kiln stays small
	krun --slow-reader -- --output-limit 128M --timeout 60s "$(hprog flood.c)"
	expect_rc 137
	expect_has "$ERR" "output-limit"
	n=$(wc -c <"$OUT")
	expect_eq "bytes streamed under --output-limit 128M" "$n" $((128 * 1024 * 1024))
	[ "$(head -c 6 "$OUT")" = "BEGIN" ] || fail "the output before the stop was not kept"
}

h_flood_stderr() {
	local o e
	krun -- --output-limit 2M --timeout 30s "$(hprog flood_stderr.py)"
	expect_rc 137
	o=$(wc -c <"$OUT")
	e=$(wc -c <"$ERR")
	expect_has "$ERR" "BEGIN-ERR"
	expect_has "$OUT" "BEGIN-OUT"
	expect_lacks "$OUT" "EEEE" "stdout"
	# the two streams share the limit (stderr also holds kiln's summary)
	expect_range "stdout + stderr bytes" $((o + e)) $((2 * 1024 * 1024 - 65536)) $((2 * 1024 * 1024 + 300))
}

# ---- disk and files ---------------------------------------------------------

# host_free_kb PATH: free space of PATH's file system on the host.
host_free_kb() {
	df -Pk "$1" | awk 'NR == 2 { print $4 }'
}

h_diskfill() {
	local tmp0 root0 tmp1 root1 d
	tmp0=$(host_free_kb /tmp)
	root0=$(host_free_kb /)
	krun -- --json --disk 128M --timeout 30s "$(hprog diskfill.py)"
	expect_status ok
	for d in /work /tmp /dev/shm; do
		grep -qE "^$d 1(1[2-9]|2[0-8]) MiB ENOSPC$" "$(jfile stdout)" ||
			fail "$d: want about 128 MiB then ENOSPC, got: $(grep "^$d " "$(jfile stdout)")"
	done
	tmp1=$(host_free_kb /tmp)
	root1=$(host_free_kb /)
	# 384 MiB were written inside; the host's disks must not have paid for
	# it (the margin is for whatever else the host does meanwhile)
	[ $((tmp0 - tmp1)) -lt 102400 ] || fail "host /tmp lost $(((tmp0 - tmp1) / 1024)) MiB"
	[ $((root0 - root1)) -lt 102400 ] || fail "host / lost $(((root0 - root1) / 1024)) MiB"
}

h_fds() {
	local n
	krun -- --json "$(hprog fds.c)"
	expect_status ok
	n=$(sed -n 's/^main opened \([0-9]*\) (Too many open files)$/\1/p' "$(jfile stdout)")
	expect_range "files opened by the main process" "$n" 200 256
	[ "$(grep -c '^child opened 25[0-3]$' "$(jfile stdout)")" = 4 ] ||
		fail "children: $(grep child "$(jfile stdout)" | tr '\n' ' ')"
}

# ---- escaping the run's lifetime ---------------------------------------------

h_escape() {
	krun -- --json "$(hprog "$1")"
	expect_status ok
	expect_has "$(jfile stdout)" "parent leaves"
	# the marker check of run_test looks for the daemons on the whole host
}

h_ignore_signals() {
	krun -- --json --timeout 2s "$(hprog ignore_signals.py)"
	expect_status timeout
	expect_rc 124
}

# h_kiln_signal SIGNAL RC: kiln gets SIGNAL while its program sleeps.
h_kiln_signal() {
	if [ "$1" = kill ]; then
		# nothing to report: what matters is what it leaves behind
		krun --marker "$MARK" --action kill --grace 5 -- "$(hprog sleeper.sh)"
	else
		krun --marker "$MARK" --action "$1" -- --json "$(hprog sleeper.sh)"
		expect_status signaled
		expect_file_eq "$(jfile stdout)" "ready
"
	fi
	[ "$(mget marker_seen)" = true ] || fail "the sleeper never showed up on the host"
	expect_rc "$2"
}

h_kiln_sigkill_compile() {
	krun --after 1 --action kill --grace 5 -- --compile-timeout 60s "$(hprog compile_bomb.c)"
	expect_rc 137
}

# Interrupted while compiling: kiln stops as it does mid-run (128+N), not
# as if the program had a compile error.
h_kiln_sigterm_compile() {
	krun --after 1 --action term -- --json --compile-timeout 60s "$(hprog compile_bomb.c)"
	expect_rc 143
	expect_status signaled
}

# ---- the compile step -----------------------------------------------------------

# h_compile_bomb PROG WHY: the compile step is stopped by its own limits.
h_compile_bomb() {
	krun -- --json --compile-timeout 3s "$(hprog "$1")"
	expect_status compile-error
	expect_rc 1
	expect_has "$(jfile compile_output)" "[kiln: the compile step was killed: $2]"
}

h_compile_secrets() {
	krun -- --json "$(hprog compile_secrets.c)"
	expect_status compile-error
	expect_has "$(jfile compile_output)" "No such file or directory"
	expect_no_secrets "$(jfile compile_output)"
}

h_selfstop() {
	krun -- --json --timeout 2s "$(hprog selfstop.sh)"
	expect_status timeout
	expect_rc 124
	expect_file_eq "$(jfile stdout)" "stopping
"
}

# ---- other processes -------------------------------------------------------

h_killall() {
	local victim
	# a host process of the very uid the run has on the host
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid="$RUN_UID" --regid="$RUN_UID" --clear-groups sleep 600 &
	else
		sleep 600 &
	fi
	victim=$!
	sleep 0.2
	krun -- --json "$(hprog killall.sh CANARYPID=$victim)"
	expect_status ok
	expect_has "$(jfile stdout)" "survived"
	expect_has "$(jfile stdout)" "host pid:"
	kill -0 "$victim" 2>/dev/null || fail "a host process of uid $RUN_UID was killed from inside"
	kill "$victim" 2>/dev/null
	wait "$victim" 2>/dev/null
	return 0
}

h_initkill() {
	krun -- --json --timeout 10s "$(hprog initkill.py)"
	expect_status ok
	expect_has "$(jfile stdout)" "still here"
}

h_pidscan() {
	local n
	krun -- --json --timeout 60s "$(hprog pidscan.c)"
	expect_status ok
	n=$(sed -n 's/^visible \([0-9]*\)$/\1/p' "$(jfile stdout)")
	expect_range "pids visible from inside" "$n" 1 4
	expect_has "$(jfile stdout)" "host canary False"
}

# ---- the host's files and secrets ------------------------------------------

h_secrets() {
	krun -- --json --timeout 30s "$(hprog secrets.py)"
	expect_status ok
	expect_no_secrets "$(jfile stdout)" "$(jfile stderr)"
	# init's environment is kiln's, with the canary variable in it
	expect_has "$(jfile stdout)" "DENY /proc/1/environ"
	expect_lacks "$(jfile stdout)" "READ /etc/shadow"
	expect_lacks "$(jfile stdout)" "READ $CANARY_DIR/secret"
	expect_lacks "$(jfile stdout)" "FOUND"
}

h_env() {
	krun -- --json "$(hprog env.py)"
	expect_status ok
	expect_no_secrets "$(jfile stdout)" "$(jfile stderr)"
	expect_has "$(jfile stdout)" "ENV HOME=/work"
	expect_lacks "$(jfile stdout)" "ENV SUDO_"
	expect_lacks "$(jfile stdout)" "$WORK" "the program's output (the tester's paths)"
}

h_writehost() {
	local p
	krun -- --json "$(hprog writehost.py)"
	expect_status ok
	for p in /tmp /etc /usr /usr/local /usr/bin /bin /lib /home /var/tmp \
	    /root /dev /dev/shm / "${KILN_E2E_CHECKOUT:-/nonexistent}" \
	    "$(dirname "$KILN")" /etc/ssl /etc/alternatives "${HOME:-/nonexistent}"; do
		[ -e "$p/kiln-x-$MARK" ] && fail "the run created $p/kiln-x-$MARK on the host" &&
			rm -f "$p/kiln-x-$MARK"
	done
	expect_lacks "$(jfile stdout)" "UNLINK /etc/passwd"
	return 0
}

h_symlinks() {
	krun -- --json "$(hprog symlinks.py)"
	expect_status ok
	expect_has "$(jfile stdout)" "done"
	expect_no_secrets "$(jfile stdout)" "$(jfile stderr)"
	expect_lacks "$(jfile stdout)" "WROTE"
	[ -e "/tmp/kiln-x-$MARK" ] && fail "a write through /proc/1/root reached the host" &&
		rm -f "/tmp/kiln-x-$MARK"
	expect_lacks "$(jfile stdout)" "LIST p1root"
	expect_lacks "$(jfile stdout)" "READ p1environ"
	return 0
}

h_proc() {
	local core0 host0
	core0=$(cat /proc/sys/kernel/core_pattern)
	host0=$(hostname)
	krun -- --json "$(hprog proc.py)"
	expect_status ok
	expect_has "$(jfile stdout)" "end"
	# every attempt is refused, but reading the run's own mount table
	grep '^OK ' "$(jfile stdout)" | grep -v '^OK read /proc/self/mountinfo' >"$T/allowed"
	[ -s "$T/allowed" ] && fail "allowed: $(head -c 300 "$T/allowed" | tr '\n' ';')"
	expect_no_secrets "$(jfile stdout)"
	expect_eq "host core_pattern" "$(cat /proc/sys/kernel/core_pattern)" "$core0"
	expect_eq "host hostname" "$(hostname)" "$host0"
}

h_dev() {
	krun -- --json "$(hprog dev.py)"
	expect_status ok
	expect_has "$(jfile stdout)" "LIST /dev: fd,full,null,random,shm,stderr,stdin,stdout,urandom,zero"
	expect_lacks "$(jfile stdout)" "OPENED"
	expect_has "$(jfile stdout)" "null ok"
}

h_uts() {
	local host0
	host0=$(hostname)
	krun -- --json "$(hprog uts.py)"
	expect_status ok
	expect_lacks "$(jfile stdout)" "CHANGED"
	expect_has "$(jfile stdout)" "hostname kiln"
	expect_eq "host hostname" "$(hostname)" "$host0"
}

# ---- system calls -------------------------------------------------------------

# h_syscall CALL VIOLATION: CALL is refused with EPERM and reported.
h_syscall() {
	printf '%s\n' "$1" >"$T/call"
	krun -- --json --stdin "$T/call" "$(hprog sys.c)"
	expect_status violation
	expect_field violation "$2"
	expect_has "$(jfile stdout)" "$1: rc -1 errno EPERM"
	expect_rc 0			# the program's own exit status
}

# h_syscall_quiet CALL: CALL gets ENOSYS, and that is not a violation.
h_syscall_quiet() {
	printf '%s\n' "$1" >"$T/call"
	krun -- --json --stdin "$T/call" "$(hprog sys.c)"
	expect_status ok
	expect_field violation null
	expect_has "$(jfile stdout)" "$1: rc -1 errno ENOSYS"
}

h_int80() {
	krun -- --json "$(hprog int80.c)"
	expect_status violation
	expect_field violation "i386:getpid"
	expect_has "$(jfile stdout)" "i386 getpid returned -1"
}

h_python_ctypes() {
	cat >"$T/call.py" <<-'EOF'
	# mount and unshare through libc, from python
	import ctypes, os
	libc = ctypes.CDLL(None, use_errno=True)
	r = libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)
	print("mount", r, os.strerror(ctypes.get_errno()))
	r = libc.unshare(0x10000000)
	print("unshare", r, os.strerror(ctypes.get_errno()))
	EOF
	krun -- --json "$T/call.py"
	expect_status violation
	expect_field violation mount
	expect_has "$(jfile stdout)" "mount -1 Operation not permitted"
	expect_has "$(jfile stdout)" "unshare -1 Operation not permitted"
}

h_unshare_cmd() {
	printf 'unshare -r id\necho "after: $?"\n' >"$T/u.sh"
	krun -- --json "$T/u.sh"
	expect_status violation
	expect_field violation unshare
	expect_lacks "$(jfile stdout)" "uid=0"
}

h_notify_flood() {
	krun -- --json --timeout 60s "$(hprog notify_flood.c)"
	expect_status violation
	expect_field violation mount
	expect_has "$(jfile stdout)" "refused 100000"
}

# h_socket KIND: opening it is a violation named "socket".
h_socket() {
	printf '%s\n' "$1" >"$T/kind"
	krun -- --json --stdin "$T/kind" "$(hprog sockets.py)"
	expect_status violation
	expect_field violation socket
	expect_has "$(jfile stdout)" "$1: Operation not permitted"
}

# ---- privileges ------------------------------------------------------------------

h_caps() {
	local f want
	krun --marker "$MARK" -- --json "$(hprog caps.py)"
	expect_status ok
	for want in "CapInh:	0000000000000000" "CapPrm:	0000000000000000" \
	    "CapEff:	0000000000000000" "CapBnd:	0000000000000000" \
	    "CapAmb:	0000000000000000" "NoNewPrivs:	1" "Seccomp:	2" \
	    "Uid:	1000	1000	1000	1000"; do
		expect_has "$(jfile stdout)" "$want" "the program's own view"
	done
	# the host's view of the same run, which does not depend on the program
	[ "$(mget marker_seen)" = true ] || { fail "the host never saw the run's process"; return 0; }
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		expect_eq "host view: $f" "$(mget inspect | "$PY" -c "import json,sys; print(json.load(sys.stdin)['$f'])")" 0000000000000000
	done
	expect_eq "host view: NoNewPrivs" "$(mget inspect | "$PY" -c "import json,sys; print(json.load(sys.stdin)['NoNewPrivs'])")" 1
	expect_eq "host view: Seccomp" "$(mget inspect | "$PY" -c "import json,sys; print(json.load(sys.stdin)['Seccomp'])")" 2
	expect_eq "host view: Uid" "$(mget inspect | "$PY" -c "import json,sys; print(json.load(sys.stdin)['Uid'].split()[0])")" "$RUN_UID"
}

h_setuid() {
	krun -- --json "$(hprog setuid.c)"
	expect_status ok
	expect_lacks "$(jfile stdout)" "SUCCEEDED"
	expect_has "$(jfile stdout)" "uid 1000 euid 1000 gid 1000"
	expect_lacks "$(jfile stdout)" "uid=0("
	expect_has "$(jfile stdout)" "uid=1000(kiln)"
}

h_tiocsti() {
	krun -- --json "$(hprog tiocsti.c)"
	expect_status violation
	expect_field violation ioctl
	expect_lacks "$(jfile stdout)" "bytes pushed (Success)"
	[ -e "/tmp/kiln-x-$MARK" ] && fail "an injected command ran on the host"
	return 0
}

h_huge() {
	krun -- --json --timeout 30s "$(hprog huge.py)"
	expect_status ok
	expect_has "$(jfile stdout)" "argv 1000 rc 0"
	expect_has "$(jfile stdout)" "padding 600000"
}

# ---- the network ------------------------------------------------------------------

# listener KIND: a host listener recording connections; sets L_PORT, L_LOG,
# L_PID (the caller stops it).
listener() {
	local ready=$T/ready.$1 _
	L_LOG=$T/connections.$1
	: >"$L_LOG"
	"$PY" "$KH" listen "$1" "kiln-e2e-$$-$RANDOM" "$L_LOG" "$ready" &
	L_PID=$!
	for _ in $(seq 50); do [ -s "$ready" ] && break; sleep 0.1; done
	L_PORT=$(cat "$ready" 2>/dev/null)
}

h_network() {
	local net=$1 p4 p6 ab l4 l6 la pids
	listener tcp; p4=$L_PORT; l4=$L_LOG; pids=$L_PID
	listener tcp6; p6=$L_PORT; l6=$L_LOG; pids="$pids $L_PID"
	listener abstract; ab=$L_PORT; la=$L_LOG; pids="$pids $L_PID"
	if [ -z "$p4" ] || [ -z "$ab" ]; then
		fail "the host listeners did not start"
	else
		[ -z "$p6" ] && p6=1 && note "no ::1 on this host"
		krun -- --json --timeout 20s ${net:+--net "$net"} \
		    "$(hprog net.py PORT="$p4" PORT6="$p6" ABSTRACT="$ab")"
		expect_status ok
		expect_has "$(jfile stdout)" "own loopback: True"
		if [ "$net" = host ]; then
			# the control: with the host's network, the same program gets through,
			# so the listeners and the program do work
			expect_has "$(jfile stdout)" "CONNECTED tcp4"
			expect_has "$(jfile stdout)" "CONNECTED abstract"
			[ -s "$l4" ] || fail "the tcp listener saw nothing even with --net host"
			[ -s "$la" ] || fail "the abstract listener saw nothing even with --net host"
		else
			expect_lacks "$(jfile stdout)" "CONNECTED"
			[ -s "$l4" ] && fail "the host's 127.0.0.1 listener was reached: $(cat "$l4")"
			[ -s "$l6" ] && fail "the host's ::1 listener was reached: $(cat "$l6")"
			[ -s "$la" ] && fail "the host's abstract socket was reached: $(cat "$la")"
		fi
	fi
	# shellcheck disable=SC2086
	kill $pids 2>/dev/null
	wait 2>/dev/null
	return 0
}

# ---- the list --------------------------------------------------------------------

hostile_tests() {
	local call
	t forkbomb-python h_forkbomb forkbomb.py
	t forkbomb-c h_forkbomb forkbomb.c
	t forkbomb-bash h_forkbomb_bash
	t threadbomb-c h_threadbomb threadbomb.c
	t threadbomb-python h_threadbomb threadbomb.py
	t membomb-python h_membomb membomb.py
	t membomb-javascript h_membomb membomb.js
	t membomb-go h_membomb membomb.go
	t membomb-c h_membomb membomb.c
	t membomb-4x100M-under-256M h_membomb membomb_split.c --memory 256M
	t membomb-nondumpable h_membomb membomb_nodump.c
	t membomb-while-flooding h_membomb membomb_flood.c --output-limit 4G
	t membomb-sysv-shm h_membomb_shmem membomb_shm.c
	t membomb-memfd h_membomb_shmem membomb_memfd.c
	t membomb-socket-buffers h_membomb_kernel membomb_sockbuf.c
	t cpu-spin-threads h_spin_threads
	t cpu-spin-timeout h_spin_timeout
	t cpu-hidden-in-autoreaped-children h_cpu_autoreap
	t cpu-orphan-spins h_orphan_spin
	t output-flood-json h_flood_json
	t output-flood-json-256M h_flood_json_big
	t output-flood-stream h_flood_stream
	t output-flood-stderr h_flood_stderr
	t disk-fill h_diskfill
	t fd-exhaustion h_fds
	t escape-double-fork-bash h_escape escape_fork.sh
	t escape-double-fork-python h_escape escape_fork.py
	t ignores-signals h_ignore_signals
	t kiln-sigkill-mid-run h_kiln_signal kill 137
	t kiln-sigterm-mid-run h_kiln_signal term 143
	t kiln-sighup-mid-run h_kiln_signal hup 129
	t kiln-sigkill-mid-compile h_kiln_sigkill_compile
	t kiln-sigterm-mid-compile h_kiln_sigterm_compile
	t compile-bomb-macros h_compile_bomb compile_bomb.c "time limit"
	t compile-bomb-dev-zero h_compile_bomb compile_zero.c "memory limit"
	t compile-time-secrets h_compile_secrets
	t stops-itself h_selfstop
	t kill-all h_killall
	t signal-init h_initkill
	t pid-scan h_pidscan
	t host-secrets h_secrets
	t host-environment h_env
	t write-host-files h_writehost
	t symlink-tricks h_symlinks
	t proc-access h_proc
	t dev-access h_dev
	t hostname h_uts
	for call in mount umount2 unshare setns ptrace traceme process_vm_readv \
	    bpf keyctl add_key perf_event_open userfaultfd chroot pivot_root \
	    reboot settimeofday clock_settime init_module finit_module \
	    kexec_load open_by_handle_at syslog iopl swapon io_uring_enter \
	    pidfd_getfd fsopen open_tree kcmp fanotify_init acct; do
		case $call in
		traceme) t "syscall-$call" h_syscall "$call" ptrace ;;
		*) t "syscall-$call" h_syscall "$call" "$call" ;;
		esac
	done
	t syscall-clone-newuser h_syscall clone_newuser clone
	t syscall-clone-newnet h_syscall clone_newnet clone
	t syscall-clone-newpid h_syscall clone_newpid clone
	t syscall-clone3-quiet h_syscall_quiet clone3
	t syscall-io_uring_setup-quiet h_syscall_quiet io_uring_setup
	t syscall-i386-int80 h_int80
	t syscall-python-ctypes h_python_ctypes
	t syscall-unshare-command h_unshare_cmd
	t seccomp-notify-flood h_notify_flood
	for call in packet netlink raw4 raw6 raw4-nonblock vsock alg bluetooth; do
		t "socket-$call" h_socket "$call"
	done
	t capabilities h_caps
	t setuid h_setuid
	t tiocsti h_tiocsti
	t huge-argv-env-source h_huge
	t network-default h_network ""
	t network-none h_network none
	t network-host-control h_network host
}
