#!/bin/sh
# Summarize a local web server access log.
# usage: log_summary.sh access.log
log=${1:-access.log}

if [ ! -f "$log" ]; then
    echo "no such file: $log" >&2
    exit 1
fi

echo "== requests: $(wc -l < "$log")"

echo "== top 5 client IPs"
awk '{print $1}' "$log" | sort | uniq -c | sort -rn | head -5

echo "== status codes"
awk '{print $9}' "$log" | sort | uniq -c | sort -rn

echo "== top 5 paths returning 404"
grep ' 404 ' "$log" | awk '{print $7}' | sort | uniq -c | sort -rn | head -5
