n=0 sum=0
while read -r x; do
	n=$((n + 1))
	sum=$((sum + x))
done
echo "lines=$n sum=$sum"
