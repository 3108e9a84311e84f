# Stops itself: nobody will ever continue it.
echo "stopping"
kill -STOP $$
echo "continued"
