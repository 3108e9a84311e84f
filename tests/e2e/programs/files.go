package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	for _, d := range []string{"/work", "/tmp"} {
		p := filepath.Join(d, "sub", "data.txt")
		os.MkdirAll(filepath.Dir(p), 0755)
		os.WriteFile(p, []byte(strings.Repeat("data in "+d+"\n", 1000)), 0644)
		back, _ := os.ReadFile(p)
		os.Rename(p, p+".moved")
		_, err := os.Stat(p + ".moved")
		moved := "False"
		if err == nil {
			moved = "True"
		}
		fmt.Println(d, len(back), strings.Split(string(back), "\n")[0], moved)
	}
	cwd, _ := os.Getwd()
	fmt.Println("cwd", cwd, "home", os.Getenv("HOME"))
	b, _ := os.ReadFile("sub/data.txt.moved")
	rel := "False"
	if len(b) >= 12 && string(b[:12]) == "data in /wor" {
		rel = "True"
	}
	fmt.Println("relative", rel)
}
