#!/usr/bin/env bash
# Count lines in every .txt file in the current directory.
set -euo pipefail
shopt -s nullglob

files=(*.txt)
if (( ${#files[@]} == 0 )); then
    echo "no .txt files here" >&2
    exit 1
fi

total=0
longest=""
longest_n=0
for f in "${files[@]}"; do
    n=$(wc -l < "$f")
    total=$((total + n))
    if (( n > longest_n )); then
        longest_n=$n
        longest=$f
    fi
    printf '%8d  %s\n' "$n" "$f"
done
printf '%8d  total in %d files\n' "$total" "${#files[@]}"
echo "longest: $longest ($longest_n lines)"
