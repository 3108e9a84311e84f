package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Flag conventions follow common tools such as curl and git: -v means
// verbose and long options take a value.
type size struct{ w, h int }

func (s *size) String() string { return fmt.Sprintf("%dx%d", s.w, s.h) }

func (s *size) Set(v string) error {
	_, err := fmt.Sscanf(v, "%dx%d", &s.w, &s.h)
	return err
}

func parseRange(s string) (lo, hi int, err error) {
	parts := strings.SplitN(s, "-", 2)
	if len(parts) != 2 {
		return 0, 0, fmt.Errorf("range must look like A-B")
	}
	if lo, err = strconv.Atoi(parts[0]); err != nil {
		return
	}
	hi, err = strconv.Atoi(parts[1])
	return
}

func main() {
	verbose := flag.Bool("v", false, "verbose output")
	name := flag.String("name", "world", "who to greet")
	var dim size = size{80, 24}
	flag.Var(&dim, "size", "terminal size WxH")
	rng := flag.String("range", "1-5", "inclusive range to print")
	flag.Parse()

	lo, hi, err := parseRange(*rng)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad -range:", err)
		os.Exit(2)
	}
	fmt.Printf("hello, %s (%s)\n", *name, dim.String())
	for i := lo; i <= hi; i++ {
		if *verbose {
			fmt.Printf("item %d of %d\n", i-lo+1, hi-lo+1)
		} else {
			fmt.Print(i, " ")
		}
	}
	fmt.Println()
	if flag.NArg() > 0 {
		fmt.Println("extra args:", strings.Join(flag.Args(), ", "))
	}
}
