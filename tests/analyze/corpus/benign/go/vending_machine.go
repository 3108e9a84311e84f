package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

type state int

const (
	idle state = iota
	collecting
	dispensing
)

func (s state) String() string {
	return [...]string{"idle", "collecting", "dispensing"}[s]
}

var prices = map[string]int{"cola": 150, "water": 100, "chips": 120}

func main() {
	st := idle
	credit := 0
	in := bufio.NewScanner(os.Stdin)
	fmt.Println("commands: coin N | buy ITEM | refund | quit")
	for {
		fmt.Printf("[%s, credit %d] > ", st, credit)
		if !in.Scan() {
			break
		}
		fields := strings.Fields(in.Text())
		if len(fields) == 0 {
			continue
		}
		cmd := fields[0]
		if cmd == "quit" {
			break
		}
		switch cmd {
		case "coin":
			var n int
			if len(fields) < 2 {
				fmt.Println("coin needs an amount")
				continue
			}
			if _, err := fmt.Sscanf(fields[1], "%d", &n); err != nil || n <= 0 {
				fmt.Println("bad amount")
				continue
			}
			credit += n
			st = collecting
		case "buy":
			if len(fields) < 2 {
				fmt.Println("buy what?")
				continue
			}
			price, ok := prices[fields[1]]
			if !ok {
				fmt.Println("unknown item")
			} else if credit < price {
				fmt.Printf("need %d more\n", price-credit)
			} else {
				st = dispensing
				credit -= price
				fmt.Println("here is your", fields[1])
				st = idle
				if credit > 0 {
					st = collecting
				}
			}
		case "refund":
			fmt.Println("returning", credit)
			credit, st = 0, idle
		default:
			fmt.Println("unknown command")
		}
	}
	fmt.Println("bye")
}
