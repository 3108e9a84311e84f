package main

import (
	"fmt"
	"os"
	"plugin"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: plugin-host <file.so>")
		return
	}
	p, err := plugin.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	sym, err := p.Lookup("Run")
	if err != nil {
		panic(err)
	}
	sym.(func())()
}
