// goroutines, and a child process
package main

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	ch := make(chan int, 100)
	for i := 1; i <= 100; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			s := 0
			for k := 0; k < n; k++ {
				s += k
			}
			ch <- s
		}(i * 100)
	}
	wg.Wait()
	close(ch)
	total := 0
	for s := range ch {
		total += s
	}
	fmt.Println("goroutines 100 total", total)
	out, err := exec.Command("sh", "-c", "echo child").Output()
	fmt.Println("exec", strings.TrimSpace(string(out)), err)
}
