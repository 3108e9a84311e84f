#!/bin/sh
# bench.sh - kiln's benchmarks (`make bench`): sandbox start-up against
# bwrap, output throughput against a plain pipe, a Python hello world
# against bare python3, and the run history (listing, paging and searching
# 100,000 recorded runs; what recording costs a run), and the shared queue
# (kiln serve's submissions and runs per second against a loop of kiln run,
# and its latency from submit to start). Prints a table of
# figures and ratios; it asserts nothing about timings, since machines are
# noisy. See README.md here.
#
# Run as root, it measures start-up a second time as the unprivileged user
# kilnbench (created if missing), from a world-readable copy of kiln.
#
# Environment: KILN (the binary, default ./kiln), BENCH_USER (default
# kilnbench; empty to skip the unprivileged run).
set -eu

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
KILN=${KILN:-$ROOT/kiln}
BENCH_USER=${BENCH_USER-kilnbench}
HERE=$ROOT/tests/bench

die() {
	echo "bench: $*" >&2
	exit 1
}

[ -x "$KILN" ] || die "$KILN is missing: run make first"
for t in bwrap bash gcc cat setpriv; do
	command -v "$t" >/dev/null 2>&1 || die "needs $t (see tests/deps.sh)"
done
# The python3 a run sees (kiln resolves it in /usr/local/bin:/usr/bin:/bin):
# the bare baseline uses the same one, and so does the harness.
PYTHON=
for d in /usr/local/bin /usr/bin /bin; do
	if [ -x "$d/python3" ]; then
		PYTHON=$d/python3
		break
	fi
done
[ -n "$PYTHON" ] || die "needs python3 in /usr/local/bin, /usr/bin or /bin"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench.XXXXXX")
cleanup() {
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# No user configuration: every run gets kiln's built-in defaults. No run
# records into the user's own history either: the history benchmark names
# its databases with --db, and anything else would land in $WORK.
XDG_CONFIG_HOME=$WORK/xdg
XDG_DATA_HOME=$WORK/xdg-data
export XDG_CONFIG_HOME XDG_DATA_HOME

# A snapshot of kiln (it finds share/ beside itself), so that a rebuild
# during the benchmark cannot change or remove the binary under it.
cp "$KILN" "$WORK/kiln"
cp -R "$ROOT/share" "$WORK/share"
cp "$HERE/flood.c" "$HERE/hello.py" "$HERE/hi.sh" "$HERE/bench.py" "$WORK/"
gcc -O2 -std=gnu17 -pipe -o "$WORK/flood" "$WORK/flood.c" ||
	die "cannot compile flood.c"

set -- --kiln "$WORK/kiln" --name "$KILN" --work "$WORK" --python "$PYTHON" \
    --corpus "$ROOT/tests/analyze/corpus"
if [ "$(id -u)" -eq 0 ] && [ -n "$BENCH_USER" ]; then
	if ! id "$BENCH_USER" >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir /nonexistent \
		    --shell /usr/sbin/nologin "$BENCH_USER" >/dev/null 2>&1 ||
			echo "bench: cannot create user $BENCH_USER;" \
			    "skipping the unprivileged run" >&2
	fi
	if id "$BENCH_USER" >/dev/null 2>&1; then
		# The checkout may be out of the user's reach: the snapshot is not.
		chmod -R a+rX "$WORK"
		set -- "$@" --user "$BENCH_USER"
	fi
fi

"$PYTHON" "$WORK/bench.py" all "$@"
