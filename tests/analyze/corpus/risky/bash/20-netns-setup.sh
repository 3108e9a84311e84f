#!/bin/bash
# netns-setup.sh -- create an isolated namespace for integration tests
set -e

echo "creating namespace"
sudo unshare --mount --pid --fork --net bash -c '
    mount -t tmpfs none /mnt
    echo inside
'

sudo setcap cap_net_raw+ep ./pinger
sudo mount --bind /srv/data /mnt/data
su - builder -c 'make test'
echo "namespace ready"
