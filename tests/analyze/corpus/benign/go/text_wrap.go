package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

var spaces = regexp.MustCompile(`\s+`)
var email = regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`)

func wrap(text string, width int) []string {
	words := strings.Fields(spaces.ReplaceAllString(text, " "))
	var lines []string
	var b strings.Builder
	for _, w := range words {
		if b.Len() > 0 && b.Len()+1+len(w) > width {
			lines = append(lines, b.String())
			b.Reset()
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	if b.Len() > 0 {
		lines = append(lines, b.String())
	}
	return lines
}

func redact(s string) string {
	return email.ReplaceAllStringFunc(s, func(m string) string {
		at := strings.IndexByte(m, '@')
		return m[:1] + strings.Repeat("*", at-1) + m[at:]
	})
}

func main() {
	in := bufio.NewReader(os.Stdin)
	var sb strings.Builder
	for {
		line, err := in.ReadString('\n')
		sb.WriteString(line)
		if err != nil {
			break
		}
	}
	for _, l := range wrap(redact(sb.String()), 60) {
		fmt.Printf("| %-60s |\n", l)
	}
}
