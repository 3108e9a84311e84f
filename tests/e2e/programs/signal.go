package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

func main() {
	fmt.Println("aborting")
	syscall.Kill(os.Getpid(), syscall.SIGTERM) // the runtime dies of it
	time.Sleep(5 * time.Second)
}
