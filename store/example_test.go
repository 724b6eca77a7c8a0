package store_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
)

// A store files interactions under their method and URL; a refreshed
// interaction replaces the old one in one step.
func Example() {
	ctx := context.Background()
	var s store.Store = store.NewMemory() // or sqlite.Open, redis.Open
	defer s.Close()

	key := store.Key("GET", "https://api.example.com/repos/1")
	in := &cassette.Interaction{
		Request:  cassette.Request{Method: "GET", URL: "https://api.example.com/repos/1"},
		Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte(`{"id":1}`)},
	}
	first, err := s.Put(ctx, key, in, 0)
	if err != nil {
		log.Fatal(err)
	}
	in.Response.Body = []byte(`{"id":1,"stars":2}`)
	if _, err := s.Put(ctx, key, in, first.ID); err != nil { // refreshed
		log.Fatal(err)
	}

	entries, err := s.Get(ctx, key)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Printf("%d %s: %s\n", e.ID, e.Key, e.Interaction.Response.Body)
	}
	// Output:
	// 2 GET https://api.example.com/repos/1: {"id":1,"stars":2}
}

// Encode is the form in which the database backends keep an interaction.
func ExampleEncode() {
	in := &cassette.Interaction{
		Request:  cassette.Request{Method: "GET", URL: "https://a.test/"},
		Response: cassette.Response{Status: "204 No Content", Code: 204},
	}
	data, err := store.Encode(in)
	if err != nil {
		log.Fatal(err)
	}
	back, err := store.Decode(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(data), "bytes;", back.Request.URL, back.Response.Status)
	// Output:
	// 54 bytes; https://a.test/ 204 No Content
}
