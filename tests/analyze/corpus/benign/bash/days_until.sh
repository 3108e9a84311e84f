#!/bin/bash
# How many days until a given date (GNU date).
# usage: days_until.sh 2030-01-01 [label]
target=${1:?usage: days_until.sh YYYY-MM-DD [label]}
label=${2:-the target date}

if ! target_s=$(date -d "$target" +%s 2>/dev/null); then
    echo "not a valid date: $target" >&2
    exit 2
fi
now_s=$(date +%s)
days=$(( (target_s - now_s) / 86400 ))

echo "today is $(date '+%A, %d %B %Y')"
if (( days > 0 )); then
    echo "$days days until $label ($(date -d "$target" '+%a %d %b %Y'))"
elif (( days == 0 )); then
    echo "$label is today!"
else
    echo "$label was $(( -days )) days ago"
fi
weeks=$(( days / 7 ))
echo "that is about $weeks weeks"
