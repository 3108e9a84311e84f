#!/bin/bash
# A short example: press F5 to run it in kiln's sandbox.
a=0 b=1
for i in $(seq 0 9); do
	echo "fib($i) = $a"
	t=$((a + b)); a=$b; b=$t
done
echo done >&2
