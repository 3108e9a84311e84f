# background jobs and wait, a pipeline, a subshell
for i in 1 2 3 4; do
	(sleep "0.$i"; echo "job$i" >"/tmp/job$i") &
done
wait
cat /tmp/job1 /tmp/job2 /tmp/job3 /tmp/job4
echo "pipeline $(seq 1 100 | awk '{ s += $1 } END { print s }')"
sleep 0.1 & p=$!
wait "$p"
echo "waited $?"
