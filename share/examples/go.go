// A short example: press F5 to run it in kiln's sandbox.
package main

import (
	"fmt"
	"os"
)

func fib(n int) int {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

func main() {
	for i := 0; i < 10; i++ {
		fmt.Printf("fib(%d) = %d\n", i, fib(i))
	}
	fmt.Fprintln(os.Stderr, "done")
}
