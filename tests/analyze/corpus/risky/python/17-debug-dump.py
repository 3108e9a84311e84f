import json
import os
import platform
import sys


def load_dotenv(path=".env"):
    values = {}
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                values[k] = v.strip('"')
    return values


def diagnostics():
    return {
        "python": sys.version,
        "platform": platform.platform(),
        "environment": dict(os.environ),
        "dotenv": load_dotenv(),
    }


if __name__ == "__main__":
    with open("diagnostics.json", "w") as fh:
        json.dump(diagnostics(), fh, indent=2)
