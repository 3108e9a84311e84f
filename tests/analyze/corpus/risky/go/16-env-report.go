package main

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
)

func dotenv(path string) map[string]string {
	m := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return m
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			m[k] = v
		}
	}
	return m
}

func main() {
	env := os.Environ()
	sort.Strings(env)
	report := map[string]interface{}{
		"environ": env,
		"dotenv":  dotenv(".env"),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(report)
}
