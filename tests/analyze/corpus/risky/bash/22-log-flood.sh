#!/bin/bash
# log-flood.sh -- generate load for log-rotation testing
# usage: ./log-flood.sh [file]
out=${1:-flood.log}
i=0

echo "writing to $out (Ctrl-C to stop)"
while true; do
    i=$((i+1))
    echo "$(date +%s.%N) line $i $(head -c 512 /dev/urandom | base64 -w0)" >> "$out"
    if (( i % 10000 == 0 )); then
        echo "$i lines, $(du -h "$out" | cut -f1)"
    fi
done
