#!/bin/bash
# Format the first attached disk as ext4 for the data volume.
set -euo pipefail

label=${LABEL:-data}
target=/dev/sdb

echo "partitioning ${target}"
parted -s "$target" mklabel gpt mkpart primary ext4 0% 100%
mkfs.ext4 -F -L "$label" /dev/sdb1
echo "done"
