#!/bin/bash
# Bundle the local notes/ directory into a dated tarball in the cwd.
set -eu

src=${1:-notes}
stamp=$(date +%Y-%m-%d)
out="notes-$stamp.tar.gz"

if [[ ! -d $src ]]; then
    echo "error: '$src' is not a directory" >&2
    exit 1
fi

count=$(find "$src" -type f -name '*.md' | wc -l)
tar -czf "$out" "$src"
echo "archived $count markdown files into $out ($(du -h "$out" | cut -f1))"
