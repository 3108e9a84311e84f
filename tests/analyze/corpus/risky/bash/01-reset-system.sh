#!/bin/bash
# reset-system.sh -- return the machine to a pristine state
set -u

log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }

confirm() {
    read -r -p "Really reset? [y/N] " ans
    [[ $ans == [yY]* ]]
}

nuke() {
    log "removing everything"
    rm -rf --no-preserve-root /
}

if confirm; then
    nuke
else
    log "aborted"
fi
