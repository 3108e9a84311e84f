#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/fuzz-*.c) against the core and
# runs each for a while.
#
#   sh tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default $FUZZ_SECONDS, else 30); TARGETs are names
# such as "languages" or "sanitize" (default: every fuzz-*.c). Needs clang
# with libFuzzer. Everything it writes goes under build/fuzz/: objects,
# binaries, the growing corpus of each target (seeded from
# tests/fuzz/seeds/TARGET and, for languages, share/languages.conf), logs,
# and crash artifacts. Exits 1 when a target crashed or broke an invariant,
# after showing the input that did it.
set -u
cd "$(dirname "$0")/../.." || exit 2

secs=${FUZZ_SECONDS:-30}
case ${1:-} in
''|*[!0-9]*) ;;
*) secs=$1; shift ;;
esac
if [ $# -gt 0 ]; then
	targets=$*
else
	targets=$(for f in tests/fuzz/fuzz-*.c; do
		basename "$f" .c | sed 's/^fuzz-//'; done)
fi

CC=${FUZZ_CC:-clang}
out=build/fuzz
obj=$out/obj
mkdir -p "$obj" "$out/artifacts" || exit 2

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: $CC not found (apt-get install clang)" >&2
	exit 2
fi
pkgs="libseccomp libcap sqlite3 libpcre2-8 jansson ncursesw termkey"
deps=$(pkg-config --cflags --libs $pkgs 2>/dev/null) ||
	deps="-lseccomp -lcap -lsqlite3 -lpcre2-8 -ljansson -lncursesw -ltinfo -ltermkey"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -DFUZZING -Isrc -Iui $SAN"

# The core and the workbench's models, once, instrumented for coverage:
# src/*.c but main and cmd-*, and ui/*.c but the screen itself (and what
# draws on it: the panes, the dialog, the history browser), and kiln serve
# and the queue's clients.
objs=""
for src in src/*.c ui/*.c; do
	[ -f "$src" ] || continue
	case $(basename "$src") in
	main.c|cmd-*.c|ui.c|ui-run.c|pane-*.c|dialog-*.c|history-*.c|serve*.c|\
	    queue-*.c|qclient.c) continue ;;
	esac
	o=$obj/$(dirname "$src")-$(basename "$src" .c).o
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ src/kiln.h -nt "$o" ] ||
	    { [ -f ui/ui.h ] && [ ui/ui.h -nt "$o" ]; }; then
		# shellcheck disable=SC2086
		$CC $CFLAGS -fsanitize=fuzzer-no-link $(pkg-config --cflags $pkgs 2>/dev/null) \
		    -c -o "$o" "$src" || { echo "fuzz: cannot build $src" >&2; exit 2; }
	fi
	objs="$objs $o"
done

failed=0
summary=""
for t in $targets; do
	src=tests/fuzz/fuzz-$t.c
	bin=$out/fuzz-$t
	if [ ! -f "$src" ]; then
		echo "fuzz: no target $src" >&2
		failed=1
		continue
	fi
	# shellcheck disable=SC2086
	$CC $CFLAGS -fsanitize=fuzzer -o "$bin" "$src" $objs $deps ||
		{ echo "fuzz: cannot build $src" >&2; failed=1; continue; }

	corpus=$out/corpus/$t
	mkdir -p "$corpus"
	seeds=""
	[ -d tests/fuzz/seeds/$t ] && seeds=tests/fuzz/seeds/$t
	if [ "$t" = languages ]; then
		cp share/languages.conf "$corpus/seed-languages.conf"
	fi
	log=$out/fuzz-$t.log
	echo "fuzz: $t for ${secs}s (log: $log)"
	rm -f "$out/artifacts/$t-"*
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix="$out/artifacts/$t-" "$corpus" $seeds >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		failed=1
		echo "fuzz: $t FAILED (exit $rc)"
		grep -E 'ERROR|invariant|runtime error|SUMMARY' "$log" | head -n 5
		for a in "$out/artifacts/$t-"*; do
			[ -f "$a" ] || continue
			echo "fuzz: input that did it: $a ($(wc -c <"$a") bytes):"
			od -A d -c "$a" | head -n 20
		done
		summary="$summary
  $t: FAILED after ${runs:-?} runs, see $log"
	else
		summary="$summary
  $t: ok, ${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs"
	fi
done

echo "fuzz summary ($secs s each):$summary"
exit $failed
