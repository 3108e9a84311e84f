package main

import (
	"fmt"
	"syscall"
	"unsafe"
)

func rawWrite(fd int, s string) {
	b := []byte(s)
	syscall.Syscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
}

func main() {
	pid, _, _ := syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	rawWrite(1, fmt.Sprintf("pid=%d\n", pid))
}
