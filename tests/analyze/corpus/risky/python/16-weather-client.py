import http.client
import json
import sys

import requests


def current_temp(city):
    r = requests.get("https://api.example.com/weather", params={"q": city}, timeout=5)
    r.raise_for_status()
    return r.json()["temp"]


def legacy_temp(city):
    conn = http.client.HTTPConnection("example.com", 80, timeout=5)
    conn.request("GET", "/weather?q=" + city)
    body = conn.getresponse().read()
    return json.loads(body)["temp"]


if __name__ == "__main__":
    city = sys.argv[1] if len(sys.argv) > 1 else "Oslo"
    try:
        print(current_temp(city))
    except Exception:
        print(legacy_temp(city))
