#!/bin/bash
# remove old build directories, keeping the newest three
set -u
BUILD_ROOT=${BUILD_ROOT:-./builds}

mapfile -t dirs < <(ls -1dt "$BUILD_ROOT"/*/ 2>/dev/null)
echo "found ${#dirs[@]} builds"

for ((i = 3; i < ${#dirs[@]}; i++)); do
    dir=${dirs[$i]}
    echo "removing $dir"
    rm -rf "$dir"
done
