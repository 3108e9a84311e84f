package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// Reads a JSON document from stdin, prints its top-level keys and writes a
// pretty-printed copy to ./formatted.json.
func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var doc interface{}
	if err := json.Unmarshal(raw, &doc); err != nil {
		fmt.Fprintln(os.Stderr, "invalid JSON:", err)
		os.Exit(1)
	}
	if obj, ok := doc.(map[string]interface{}); ok {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Printf("%s: %T\n", k, obj[k])
		}
	}
	out, _ := json.MarshalIndent(doc, "", "  ")
	if err := os.WriteFile("formatted.json", append(out, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
