#!/bin/bash
# Compare two semantic versions. Prints -1, 0 or 1.
semver_cmp() {
    local IFS=.
    local -a a=($1) b=($2)
    local i
    for i in 0 1 2; do
        local x=${a[i]:-0} y=${b[i]:-0}
        if (( x < y )); then echo -1; return; fi
        if (( x > y )); then echo 1; return; fi
    done
    echo 0
}

bump() {
    local IFS=.
    local -a v=($1)
    case $2 in
        major) echo "$((v[0] + 1)).0.0" ;;
        minor) echo "${v[0]}.$((v[1] + 1)).0" ;;
        patch) echo "${v[0]}.${v[1]}.$((v[2] + 1))" ;;
        *) echo "unknown part: $2" >&2; return 1 ;;
    esac
}

for pair in "1.2.3 1.2.10" "2.0.0 1.9.9" "1.0 1.0.0"; do
    set -- $pair
    echo "$1 vs $2 -> $(semver_cmp "$1" "$2")"
done
echo "bump 1.4.2 minor -> $(bump 1.4.2 minor)"
