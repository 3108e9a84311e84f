#!/bin/bash
# Summarize sales.csv (date,region,amount) per region with awk.
# usage: ./sales_report.sh [sales.csv]
file=${1:-sales.csv}
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }

echo "Region          Orders      Revenue"
echo "------------------------------------"
tail -n +2 "$file" | awk -F, '
    { orders[$2]++; revenue[$2] += $3; total += $3 }
    END {
        for (r in orders) printf "%-14s %7d %12.2f\n", r, orders[r], revenue[r]
        printf "%-14s %7s %12.2f\n", "TOTAL", "", total
    }' | sort
