"""Count word frequencies on stdin.

    $ python3 word_count.py -n 20 < book.txt
"""
import argparse
import re
import sys
from collections import Counter

WORD = re.compile(r"[A-Za-z']+")
STOPWORDS = frozenset("a an and are as at be by for from in is it of on or the to was with".split())


def tokenize(text):
    for match in WORD.finditer(text):
        word = match.group(0).lower().strip("'")
        if word and word not in STOPWORDS:
            yield word


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10, help="how many words to show")
    ap.add_argument("--min-length", type=int, default=1)
    args = ap.parse_args()

    counts = Counter(w for w in tokenize(sys.stdin.read()) if len(w) >= args.min_length)
    total = sum(counts.values())
    width = max((len(w) for w, _ in counts.most_common(args.n)), default=4)
    for word, n in counts.most_common(args.n):
        print(f"{word:<{width}}  {n:6d}  {n / total:6.2%}")
    print(f"{'total':<{width}}  {total:6d}")


if __name__ == "__main__":
    main()
