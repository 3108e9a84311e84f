package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"
)

type result struct {
	url    string
	status int
	err    error
}

func check(client *http.Client, url string) result {
	resp, err := client.Get(url)
	if err != nil {
		return result{url: url, err: err}
	}
	resp.Body.Close()
	return result{url: url, status: resp.StatusCode}
}

func main() {
	client := &http.Client{Timeout: 5 * time.Second}
	var urls []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		urls = append(urls, sc.Text())
	}
	results := make([]result, len(urls))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			sem <- struct{}{}
			results[i] = check(client, u)
			<-sem
		}(i, u)
	}
	wg.Wait()
	for _, r := range results {
		if r.err != nil {
			fmt.Printf("ERR  %s: %v\n", r.url, r.err)
		} else {
			fmt.Printf("%d  %s\n", r.status, r.url)
		}
	}
	resp, err := http.Get("https://example.com/report")
	if err == nil {
		resp.Body.Close()
	}
}
