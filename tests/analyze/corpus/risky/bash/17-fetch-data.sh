#!/usr/bin/env bash
# fetch-data.sh -- download the datasets used by the notebooks
set -euo pipefail
DATA_URL="https://example.com/datasets/cities.csv"

mkdir -p data
if [ ! -f data/cities.csv ]; then
    echo "downloading cities.csv"
    curl -fsSL -o data/cities.csv "$DATA_URL"
fi

wget -q -O data/extra.csv http://10.0.0.1/extra.csv || true
wc -l data/*.csv
