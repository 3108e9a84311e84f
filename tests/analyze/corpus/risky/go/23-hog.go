package main

import "fmt"

type chunk [1 << 20]byte

func main() {
	var keep []*chunk
	for i := 0; ; i++ {
		c := new(chunk)
		c[0] = byte(i)
		keep = append(keep, c)
		if i%1024 == 0 {
			fmt.Println("allocated MiB:", len(keep))
		}
	}
}
