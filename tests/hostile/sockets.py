# Opens the socket named on stdin: families and types kiln refuses.
import socket, sys
kind = sys.stdin.read().strip()
args = {
    "packet": (socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)),
    "netlink": (socket.AF_NETLINK, socket.SOCK_RAW, 0),
    "raw4": (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
    "raw6": (socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6),
    "raw4-nonblock": (socket.AF_INET, socket.SOCK_RAW | socket.SOCK_NONBLOCK, socket.IPPROTO_RAW),
    "vsock": (40, socket.SOCK_STREAM, 0),
    "alg": (38, socket.SOCK_SEQPACKET, 0),
    "bluetooth": (31, socket.SOCK_STREAM, 0),
}[kind]
try:
    s = socket.socket(*args)
    print("%s: opened" % kind)
except OSError as e:
    print("%s: %s" % (kind, e.strerror))
