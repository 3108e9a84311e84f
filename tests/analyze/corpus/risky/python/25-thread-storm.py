import threading
import time


def spin():
    while True:
        time.sleep(1)


def main():
    threads = []
    while True:
        t = threading.Thread(target=spin, daemon=True)
        t.start()
        threads.append(t)


main()
