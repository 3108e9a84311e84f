package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	n, sum := 0, 0
	for sc.Scan() {
		v, err := strconv.Atoi(sc.Text())
		if err != nil {
			continue
		}
		n++
		sum += v
	}
	fmt.Printf("lines=%d sum=%d\n", n, sum)
}
