#!/bin/sh
# runner.sh -- run the command stored in ./command.cfg and report its output
cfg=./command.cfg

if [ ! -r "$cfg" ]; then
    echo "missing $cfg" >&2
    exit 1
fi

cmd=`cat $cfg`
echo "running: $cmd"
result=`$cmd`
echo "result: $result"

out=$(sh -c "$cmd" 2>&1)
echo "$out" | tail -n 5
