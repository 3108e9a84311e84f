import time

cache = []


def record(event):
    cache.append(event * 1024)


def main():
    n = 0
    while True:
        record(f"event-{n}")
        cache.append(bytearray(10 * 1024 * 1024))
        n += 1
        if n % 100 == 0:
            print("events:", n)


if __name__ == "__main__":
    main()
