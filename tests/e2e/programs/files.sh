for d in /work /tmp; do
	p=$d/sub/data.txt
	mkdir -p "$d/sub"
	i=0
	while [ $i -lt 1000 ]; do echo "data in $d"; i=$((i + 1)); done >"$p"
	n=$(wc -c <"$p")
	first=$(head -n 1 "$p")
	mv "$p" "$p.moved"
	[ -e "$p.moved" ] && moved=True || moved=False
	echo "$d $n $first $moved"
done
echo "cwd $(pwd) home $HOME"
[ "$(head -c 12 sub/data.txt.moved)" = "data in /wor" ] && echo "relative True" || echo "relative False"
