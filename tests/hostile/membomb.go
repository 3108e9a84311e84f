// Memory bomb: filled slices of 16 MiB, up to 1 GiB.
package main

import (
	"fmt"
	"time"
)

func main() {
	var keep [][]byte
	for i := 0; i < 64; i++ {
		b := make([]byte, 16<<20)
		for k := range b {
			b[k] = 1
		}
		keep = append(keep, b)
	}
	fmt.Println("allocated 1 GiB and nobody stopped me", len(keep))
	time.Sleep(2 * time.Second)
}
