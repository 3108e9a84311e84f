"""Git statistics helper."""
from collections import Counter
from subprocess import Popen as P, PIPE


def git_log(repo="."):
    proc = P(["git", "-C", repo, "log", "--format=%an"], stdout=PIPE, text=True)
    out, _ = proc.communicate()
    return out.splitlines()


def top_authors(names, n=5):
    return Counter(names).most_common(n)


if __name__ == "__main__":
    for author, count in top_authors(git_log()):
        print(f"{count:5d}  {author}")
