package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
)

func main() {
	top := flag.Int("n", 10, "number of words to print")
	flag.Parse()

	counts := make(map[string]int)
	total := 0
	sc := bufio.NewScanner(os.Stdin)
	sc.Split(bufio.ScanWords)
	for sc.Scan() {
		w := strings.ToLower(strings.TrimFunc(sc.Text(), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r)
		}))
		if w == "" {
			continue
		}
		counts[w]++
		total++
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "read error:", err)
		os.Exit(1)
	}

	type kv struct {
		Word  string
		Count int
	}
	list := make([]kv, 0, len(counts))
	for w, c := range counts {
		list = append(list, kv{w, c})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Word < list[j].Word
	})
	if len(list) > *top {
		list = list[:*top]
	}
	for _, e := range list {
		fmt.Printf("%-15s %6d\n", e.Word, e.Count)
	}
	fmt.Printf("%-15s %6d\n", "(total)", total)
}
