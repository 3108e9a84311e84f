# kill -9 -1, and the host's pid numbers: only the sandbox's own may die.
sleep 100 &
sleep 100 &
kill -9 -1
kill -9 @CANARYPID@ 2>&1 | sed 's/^/host pid: /'
kill -9 1 && echo "init: signal sent"
for sig in TERM HUP STOP; do kill -s $sig -1; done
echo "survived: $(jobs -p | wc -l) jobs left"
