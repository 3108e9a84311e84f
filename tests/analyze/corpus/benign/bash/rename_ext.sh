#!/bin/bash
# Rename *.jpeg to *.jpg in the current directory (dry run unless -f).
# Nothing is rm-ed: files are only renamed with mv.
force=0
[[ ${1:-} == -f ]] && force=1

shopt -s nullglob
n=0
for f in *.jpeg *.JPEG; do
    new="${f%.*}.jpg"
    if [[ -e $new ]]; then
        echo "skip: $new already exists"
        continue
    fi
    if (( force )); then
        mv -- "$f" "$new"
    else
        echo "would rename: $f -> $new"
    fi
    n=$((n + 1))
done
echo "$n file(s) $( ((force)) && echo renamed || echo to rename )"
