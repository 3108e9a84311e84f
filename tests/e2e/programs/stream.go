package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("first")
	time.Sleep(2 * time.Second)
	fmt.Println("second")
}
