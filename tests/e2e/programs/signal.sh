echo "aborting"
kill -SEGV $$
