import argparse
import os
import shutil


def clean(paths, verbose=False):
    for p in paths:
        if os.path.isdir(p):
            if verbose:
                print("removing", p)
            shutil.rmtree(p)


def main():
    ap = argparse.ArgumentParser(description="remove build outputs")
    ap.add_argument("dirs", nargs="*", default=["build", "dist"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    clean(args.dirs, args.verbose)


if __name__ == "__main__":
    main()
