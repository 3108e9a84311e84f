#!/bin/sh
# make install into a scratch DESTDIR, then run the installed kiln from
# there: it must find its data under ../share/kiln, and the man page and
# themes must be in place.
set -eu
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
make --no-print-directory install PREFIX=/usr DESTDIR="$dest" >/dev/null
# The installed kiln records its runs: into the scratch tree, not ~/.
export XDG_DATA_HOME="$dest/data" XDG_CONFIG_HOME="$dest/config"
pass=0 fail=0
check() {
	if eval "$2"; then pass=$((pass + 1)); echo "ok   install: $1"
	else fail=$((fail + 1)); echo "FAIL install: $1"; fi
}
check "binary installed" "[ -x '$dest/usr/bin/kiln' ]"
check "languages.conf installed" "[ -f '$dest/usr/share/kiln/languages.conf' ]"
check "themes installed" "[ -f '$dest/usr/share/kiln/themes/default.theme' ]"
check "man page installed" "[ -f '$dest/usr/share/man/man1/kiln.1' ]"
printf 'echo installed-ok\n' > "$dest/t.sh"
check "installed kiln runs a program" \
	"[ \"\$('$dest/usr/bin/kiln' run '$dest/t.sh' 2>/dev/null)\" = installed-ok ]"
check "rules installed" "[ -f '$dest/usr/share/kiln/rules/common.rules' ]"
printf 'import os\nos.system("id")\n' > "$dest/risky.py"
check "installed kiln analyzes with the installed rules" \
	"'$dest/usr/bin/kiln' analyze '$dest/risky.py' >/dev/null 2>&1; [ \$? -eq 1 ]"
check "installed kiln asks before risky code (none without a terminal)" \
	"'$dest/usr/bin/kiln' run --no-history '$dest/risky.py' </dev/null >/dev/null 2>&1; [ \$? -eq 125 ]"
check "installed kiln lists languages" \
	"'$dest/usr/bin/kiln' langs | grep -q '^python '"
check "systemd unit installed, naming the installed kiln" \
	"grep -q '^ExecStart=/usr/bin/kiln serve ' '$dest/usr/share/kiln/systemd/kiln-serve.service'"
check "queue protocol installed" "[ -f '$dest/usr/share/doc/kiln/queue-protocol.md' ]"
# The example config loads without a warning: kiln serve says each bad
# line as file:line. It is started on a scratch socket and stopped.
sed -e '/^socket_group/d' "$dest/usr/share/kiln/serve.conf.example" >"$dest/serve.conf"
"$dest/usr/bin/kiln" serve --config "$dest/serve.conf" --socket "$dest/k.sock" \
	--db "$dest/q.db" 2>"$dest/serve.log" &
spid=$!
i=0; while [ ! -S "$dest/k.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM $spid 2>/dev/null; wait $spid; src=$?
check "example serve config loads without a warning, serve stops on SIGTERM" \
	"[ $src -eq 0 ] && grep -q 'listening on' '$dest/serve.log' && ! grep -q 'serve.conf:' '$dest/serve.log'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
