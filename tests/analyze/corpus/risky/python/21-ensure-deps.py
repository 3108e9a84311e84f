import importlib.util
import subprocess
import sys

REQUIRED = ["requests", "pyyaml", "rich"]


def missing(packages):
    names = {"pyyaml": "yaml"}
    return [p for p in packages if importlib.util.find_spec(names.get(p, p)) is None]


def install(packages):
    if packages:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *packages])


if __name__ == "__main__":
    install(missing(REQUIRED))
    import rich
    rich.print("[green]dependencies ok[/green]")
