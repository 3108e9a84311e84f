#!/bin/bash
# run the hook commands listed in hooks.txt, one per line
set -u
hooks_file=${1:-hooks.txt}
n=0

while IFS= read -r line; do
    [[ -z $line || $line == \#* ]] && continue
    n=$((n + 1))
    echo "[$n] $line"
    eval "$line"
done < "$hooks_file"

post=$(head -n1 post-hook.txt 2>/dev/null)
bash -c "$post"
