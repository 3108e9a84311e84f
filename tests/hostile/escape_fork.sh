# Leaves daemons behind in every way a shell can, then exits at once.
(setsid sleep @MARK@ &)
nohup sleep @MARK@ >/dev/null 2>&1 &
disown
setsid -f sh -c 'exec sleep @MARK@' </dev/null >/dev/null 2>&1
(trap '' HUP TERM INT; exec -a "kiln-escape-@MARK@" sleep 1000) &
echo "parent leaves"
