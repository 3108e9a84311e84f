"""Load settings for the report tool.

Order of precedence: defaults < ./settings.json < LOG_LEVEL variable.
"""
import json
import logging
import os

DEFAULTS = {"log_level": "INFO", "output_dir": "out", "page_size": 50}


def find_settings_file(name="settings.json"):
    here = os.getcwd()
    candidate = os.path.join(here, name)
    return candidate if os.path.exists(candidate) else None


def load_settings():
    settings = dict(DEFAULTS)
    path = find_settings_file()
    if path:
        with open(path) as fh:
            settings.update(json.load(fh))
    level = os.environ.get("LOG_LEVEL")
    if level:
        settings["log_level"] = level.upper()
    return settings


def list_inputs(ext=".json"):
    return sorted(f for f in os.listdir(".") if f.endswith(ext) and f != "settings.json")


if __name__ == "__main__":
    s = load_settings()
    logging.basicConfig(level=getattr(logging, s["log_level"], logging.INFO))
    logging.info("settings: %s", s)
    os.makedirs(s["output_dir"], exist_ok=True)
    for name in list_inputs():
        logging.info("would process %s", name)
