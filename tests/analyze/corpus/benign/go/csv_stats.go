package main

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

type stats struct {
	n              int
	sum, sumSq     float64
	minimum, maxim float64
}

func (s *stats) add(x float64) {
	if s.n == 0 || x < s.minimum {
		s.minimum = x
	}
	if s.n == 0 || x > s.maxim {
		s.maxim = x
	}
	s.n++
	s.sum += x
	s.sumSq += x * x
}

func (s stats) mean() float64 { return s.sum / float64(s.n) }

func (s stats) stddev() float64 {
	if s.n < 2 {
		return 0
	}
	m := s.mean()
	return math.Sqrt((s.sumSq - float64(s.n)*m*m) / float64(s.n-1))
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: csv_stats FILE.csv")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := csv.NewReader(strings.NewReader(string(data)))
	records, err := r.ReadAll()
	if err != nil || len(records) < 2 {
		fmt.Fprintln(os.Stderr, "need a header and at least one row")
		os.Exit(1)
	}
	header := records[0]
	cols := make([]stats, len(header))
	for _, rec := range records[1:] {
		for i, cell := range rec {
			if v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64); err == nil {
				cols[i].add(v)
			}
		}
	}
	fmt.Printf("%-12s %6s %10s %10s %10s %10s\n", "column", "n", "mean", "std", "min", "max")
	for i, s := range cols {
		if s.n == 0 {
			continue
		}
		fmt.Printf("%-12s %6d %10.3f %10.3f %10.3f %10.3f\n", header[i], s.n, s.mean(), s.stddev(), s.minimum, s.maxim)
	}
}
