package main

import (
	"fmt"
	"os"
)

func main() {
	for i := 0; i < 3; i++ {
		fmt.Printf("OUT%d\n", i)
		fmt.Fprintf(os.Stderr, "ERR%d\n", i)
	}
}
