package main

import (
	"fmt"
	"os"
	"time"
)

func businessDays(from, to time.Time) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

func endOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, t.Location())
}

func main() {
	start := time.Date(2024, time.February, 10, 0, 0, 0, 0, time.UTC)
	if len(os.Args) > 1 {
		t, err := time.Parse("2006-01-02", os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "date must be YYYY-MM-DD")
			os.Exit(2)
		}
		start = t
	}
	eom := endOfMonth(start)
	fmt.Println("start:       ", start.Format("Mon 02 Jan 2006"))
	fmt.Println("end of month:", eom.Format(time.RFC3339))
	fmt.Println("business days until then:", businessDays(start, eom))
	_, week := start.ISOWeek()
	fmt.Println("ISO week:", week)
	d := 90*time.Minute + 15*time.Second
	fmt.Printf("duration %v = %.2f hours\n", d, d.Hours())
}
