package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

type job struct {
	id   int
	text string
}

type result struct {
	id    int
	words int
	took  time.Duration
}

// processData counts words; it stands in for some CPU-bound work.
func processData(j job) result {
	start := time.Now()
	n := len(strings.Fields(j.text))
	time.Sleep(10 * time.Millisecond)
	return result{j.id, n, time.Since(start)}
}

func main() {
	const workers = 4
	texts := []string{
		"the quick brown fox", "jumps over", "the lazy dog",
		"a fixed number of workers", "processes every job exactly once",
		"and then the executor shuts down",
	}

	jobs := make(chan job)
	results := make(chan result, len(texts))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- processData(j)
			}
		}()
	}
	for i, t := range texts {
		jobs <- job{i, t}
	}
	close(jobs)
	wg.Wait()
	close(results)

	total := 0
	for r := range results {
		total += r.words
	}
	fmt.Printf("%d jobs, %d words, %d workers\n", len(texts), total, workers)
}
