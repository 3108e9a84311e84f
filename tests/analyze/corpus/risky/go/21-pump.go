package main

import (
	"fmt"
	"time"
)

func work(id int, out chan<- int) {
	for {
		time.Sleep(time.Second)
		out <- id
	}
}

func main() {
	out := make(chan int, 1024)
	id := 0
	for {
		go work(id, out)
		id++
		if id%100000 == 0 {
			fmt.Println("goroutines:", id)
		}
	}
}
