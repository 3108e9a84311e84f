package main

import (
	"log"
	"os"
	"os/exec"
)

var deps = []string{
	"golang.org/x/tools/cmd/goimports@latest",
	"honnef.co/go/tools/cmd/staticcheck@latest",
}

func main() {
	for _, d := range deps {
		cmd := exec.Command("go", "install", d)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Printf("install %s: %v", d, err)
		}
	}
	exec.Command("go", "get", "github.com/example/lib@v1.2.3").Run()
	exec.Command("apt-get", "install", "-y", "protobuf-compiler").Run()
}
