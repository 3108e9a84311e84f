echo started
sleep 30
echo "not reached"
