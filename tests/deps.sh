#!/bin/sh
# Installs the Debian packages kiln needs to build, run and be tested, when
# run as root; otherwise says exactly which ones to install. Idempotent.
set -u

# build: compiler, pkg-config and the libraries (ncursesw, libtermkey, pcre2,
# sqlite3 and jansson are for the workbench, analyzer and history)
BUILD="gcc make pkg-config libc6-dev libseccomp-dev libcap-dev libncurses-dev \
libtermkey-dev libpcre2-dev libsqlite3-dev libjansson-dev libcmocka-dev"
# the language runtimes kiln runs programs with (see share/languages.conf)
RUNTIMES="python3 nodejs golang-go bash coreutils"
# what the tests and benchmarks drive
TESTS="tmux bubblewrap util-linux passwd procps iproute2 hyperfine clang \
openssh-server openssh-client"

missing=""
for p in $BUILD $RUNTIMES $TESTS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		# nodejs may come from elsewhere; a working node is enough
		[ "$p" = nodejs ] && command -v node >/dev/null 2>&1 && continue
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "kiln: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null || { echo "kiln: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "kiln: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi
echo "kiln: these Debian packages are missing:$missing" >&2
echo "kiln: install them with:  sudo apt-get install$missing" >&2
exit 1
