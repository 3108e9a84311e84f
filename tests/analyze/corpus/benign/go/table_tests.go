package main

import (
	"fmt"
	"os"
	"strings"
)

// A tiny stand-in for the testing package so the file runs with `go run`.
type T struct {
	name   string
	failed bool
}

func (t *T) Errorf(format string, args ...interface{}) {
	t.failed = true
	fmt.Printf("    %s: %s\n", t.name, fmt.Sprintf(format, args...))
}

func run(name string, fn func(t *T)) bool {
	t := &T{name: name}
	fn(t)
	status := "PASS"
	if t.failed {
		status = "FAIL"
	}
	fmt.Printf("--- %s: %s\n", status, name)
	return !t.failed
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func isPalindrome(s string) bool {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	return s == reverse(s)
}

func TestReverse(t *T) {
	cases := []struct{ in, want string }{
		{"", ""}, {"a", "a"}, {"abc", "cba"}, {"héllo", "olléh"},
	}
	for _, c := range cases {
		if got := reverse(c.in); got != c.want {
			t.Errorf("reverse(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPalindrome(t *T) {
	cases := map[string]bool{"racecar": true, "Never odd or even": true, "execute": false}
	for in, want := range cases {
		if got := isPalindrome(in); got != want {
			t.Errorf("isPalindrome(%q) = %v", in, got)
		}
	}
}

func main() {
	ok := run("TestReverse", TestReverse)
	ok = run("TestPalindrome", TestPalindrome) && ok
	if !ok {
		os.Exit(1)
	}
	fmt.Println("ok")
}
