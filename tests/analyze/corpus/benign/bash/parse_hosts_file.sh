#!/bin/bash
# Read a simple inventory file (name=address per line) and print a table.
# Lines starting with # are comments.
inventory=${1:-inventory.txt}
declare -A hosts
order=()

while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}                # strip comments
    line=${line//[[:space:]]/}      # strip whitespace
    [[ -z $line ]] && continue
    name=${line%%=*}
    addr=${line#*=}
    if [[ $name == "$line" ]]; then
        echo "skipping malformed line: $line" >&2
        continue
    fi
    hosts[$name]=$addr
    order+=("$name")
done < "$inventory"

printf '%-20s %s\n' NAME ADDRESS
for name in "${order[@]}"; do
    printf '%-20s %s\n' "$name" "${hosts[$name]}"
done
echo "${#order[@]} hosts"
