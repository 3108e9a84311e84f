i=0
while [ $i -lt 200000 ]; do
	echo "line$i"
	i=$((i + 1))
done
