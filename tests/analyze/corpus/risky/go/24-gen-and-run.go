package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Evaluates a Go expression passed on the command line by generating
// a program and running it with `go run`.
func main() {
	expr := strings.Join(os.Args[1:], " ")
	src := fmt.Sprintf("package main\nimport \"fmt\"\nfunc main() { fmt.Println(%s) }\n", expr)
	os.WriteFile("expr_gen.go", []byte(src), 0644)
	out, err := exec.Command("go", "run", "expr_gen.go").CombinedOutput()
	fmt.Print(string(out))
	if err != nil {
		os.Exit(1)
	}
}
