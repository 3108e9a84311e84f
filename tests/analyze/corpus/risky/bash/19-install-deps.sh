#!/bin/bash
set -e
PKGS="build-essential libssl-dev jq"

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
fi

$SUDO apt-get update
$SUDO apt-get install -y $PKGS
pip install --user requests
npm install -g yarn
