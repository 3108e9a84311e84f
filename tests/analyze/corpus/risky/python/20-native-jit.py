import ctypes
import mmap

# x86-64: mov eax, 42 ; ret
CODE = bytes([0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3])


def run_native(code):
    buf = mmap.mmap(-1, mmap.PAGESIZE,
                    prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(code)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    fn = ctypes.CFUNCTYPE(ctypes.c_int)(addr)
    return fn()


libc = ctypes.CDLL("libc.so.6")
print(libc.getpid(), run_native(CODE))
