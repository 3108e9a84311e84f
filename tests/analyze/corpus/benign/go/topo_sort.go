package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Reads "task: dep1 dep2" lines from stdin and prints a build order
// using Kahn's algorithm. Reports cycles.
func main() {
	deps := map[string][]string{}
	nodes := map[string]bool{}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, _ := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		nodes[name] = true
		for _, d := range strings.Fields(rest) {
			deps[name] = append(deps[name], d)
			nodes[d] = true
		}
	}

	indeg := map[string]int{}
	users := map[string][]string{}
	for n := range nodes {
		indeg[n] += 0
		for _, d := range deps[n] {
			indeg[n]++
			users[d] = append(users[d], n)
		}
	}
	var ready []string
	for n, d := range indeg {
		if d == 0 {
			ready = append(ready, n)
		}
	}
	var order []string
	for len(ready) > 0 {
		sort.Strings(ready)
		n := ready[0]
		ready = ready[1:]
		order = append(order, n)
		for _, u := range users[n] {
			indeg[u]--
			if indeg[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	if len(order) != len(nodes) {
		fmt.Fprintln(os.Stderr, "dependency cycle detected")
		os.Exit(1)
	}
	for i, n := range order {
		fmt.Printf("%2d. %s\n", i+1, n)
	}
}
