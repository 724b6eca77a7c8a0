package sqlite_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/sqlite"
)

// An entry put into an SQLite store is there for the next process that
// opens the file.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "tapedeck-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "cache.db")
	ctx := context.Background()

	s, err := sqlite.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	key := store.Key("GET", "https://api.example.com/repos/1")
	in := &cassette.Interaction{
		Request:  cassette.Request{Method: "GET", URL: "https://api.example.com/repos/1"},
		Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte(`{"id":1}`)},
	}
	if _, err := s.Put(ctx, key, in, 0); err != nil { // durable when it returns
		log.Fatal(err)
	}
	s.Close()

	s, err = sqlite.Open(path) // a later run, or another process
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	entries, err := s.Get(ctx, key)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Printf("%d %s: %s %s\n", e.ID, e.Key, e.Interaction.Response.Status, e.Interaction.Response.Body)
	}
	// Output:
	// 1 GET https://api.example.com/repos/1: 200 OK {"id":1}
}
