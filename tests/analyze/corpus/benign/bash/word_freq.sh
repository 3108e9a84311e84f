#!/bin/bash
# Print the N most frequent words of a text file.
# usage: word_freq.sh FILE [N]
file=${1:?usage: word_freq.sh FILE [N]}
n=${2:-10}

tr -cs '[:alpha:]' '\n' < "$file" \
    | tr '[:upper:]' '[:lower:]' \
    | grep -v '^$' \
    | sort \
    | uniq -c \
    | sort -rn \
    | head -n "$n" \
    | awk '{ printf "%-15s %s\n", $2, $1 }'
