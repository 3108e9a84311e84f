#!/usr/bin/env bash
# Demonstrates getopts-based argument parsing.
usage() {
    cat <<USAGE
usage: $(basename "$0") [-v] [-w WIDTH] [-o OUTPUT] FILE...
  -v         verbose
  -w WIDTH   target width (default 800)
  -o OUTPUT  output directory (default ./out)
USAGE
}

verbose=0
width=800
outdir=./out

while getopts ":vw:o:h" opt; do
    case $opt in
        v) verbose=1 ;;
        w) width=$OPTARG ;;
        o) outdir=$OPTARG ;;
        h) usage; exit 0 ;;
        :) echo "option -$OPTARG needs a value" >&2; exit 2 ;;
        \?) echo "unknown option -$OPTARG" >&2; usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

if [[ ! $width =~ ^[0-9]+$ ]]; then
    echo "width must be a number" >&2
    exit 2
fi
if (( $# == 0 )); then
    usage >&2
    exit 2
fi

mkdir -p "$outdir"
for f in "$@"; do
    (( verbose )) && echo "would resize $f to ${width}px -> $outdir/${f##*/}"
done
echo "${#@} file(s) queued"
