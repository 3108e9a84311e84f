# Tries to reach the host's listeners: TCP on 127.0.0.1 and ::1, and an
# abstract unix socket.
import socket
def attempt(what, fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(3)
    try:
        s.connect(addr)
        print("CONNECTED %s" % what)
    except OSError as e:
        print("FAILED %s: %s" % (what, e.strerror or e))
    finally:
        s.close()
attempt("tcp4", socket.AF_INET, ("127.0.0.1", @PORT@))
attempt("tcp6", socket.AF_INET6, ("::1", @PORT6@))
attempt("abstract", socket.AF_UNIX, "\0@ABSTRACT@")
# its own loopback works, though
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
c = socket.create_connection(srv.getsockname(), timeout=3)
print("own loopback:", srv.accept()[0] is not None)
