package main

import (
	"log"
	"os"
	"syscall"
)

func main() {
	if err := syscall.Unshare(syscall.CLONE_NEWNS | syscall.CLONE_NEWPID); err != nil {
		log.Fatal(err)
	}
	if err := syscall.Mount("proc", "/proc", "proc", 0, ""); err != nil {
		log.Print(err)
	}
	if err := syscall.Chroot("/srv/rootfs"); err != nil {
		log.Fatal(err)
	}
	os.Chdir("/")
	syscall.Setuid(0)
	syscall.Setgid(0)
	syscall.PtraceAttach(1)
}
