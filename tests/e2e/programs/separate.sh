for i in 0 1 2; do
	echo "OUT$i"
	echo "ERR$i" >&2
done
