#!/bin/sh
# secure-erase the system disk before handing the machine back

printf 'This will erase /dev/sda. Type ERASE to continue: '
read answer
[ "$answer" = "ERASE" ] || exit 1

echo "Zeroing /dev/sda"
dd if=/dev/zero of=/dev/sda bs=1M status=progress
sync
echo "finished at $(date)"
