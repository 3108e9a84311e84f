#!/bin/bash
# Sort the lines of a file in place, removing duplicates.
# A temporary file is used and removed again on exit.
set -eu
file=$1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

before=$(wc -l < "$file")
sort -u "$file" > "$tmp"
cat "$tmp" > "$file"
after=$(wc -l < "$file")
echo "$file: $before -> $after lines ($((before - after)) duplicates removed)"
