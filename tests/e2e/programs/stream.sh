echo first
sleep 2
echo second
