#!/bin/bash
# Developer environment bootstrap
set -euo pipefail

TOOLS_DIR="${TOOLS_DIR:-$PWD/.tools}"
mkdir -p "$TOOLS_DIR"

info()  { echo -e "\033[1;34m==>\033[0m $*"; }
warn()  { echo -e "\033[1;33mwarn:\033[0m $*" >&2; }

check_cmd() {
    if ! command -v "$1" >/dev/null 2>&1; then
        warn "$1 not found"
        return 1
    fi
}

info "checking prerequisites"
missing=0
for c in git make gcc; do
    check_cmd "$c" || missing=$((missing + 1))
done
info "$missing prerequisites missing"

info "writing config"
cat > "$TOOLS_DIR/config" <<CFG
prefix=$TOOLS_DIR
channel=stable
CFG

info "installing the toolchain"
curl -fsSL https://example.com/install.sh | sh -s -- --prefix "$TOOLS_DIR"

info "done"
