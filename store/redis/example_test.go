package redis_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/redis"
)

// Several caches share one server, each under its own key prefix. (This
// example needs a server, so it is compiled but not run; the package's
// tests run the same calls against one.)
func ExampleOpen() {
	s, err := redis.Open("redis://127.0.0.1:6379/0", redis.WithPrefix("ci-cache:"))
	if err != nil {
		log.Fatal(err) // the error says the server does not answer, and how to fix it
	}
	defer s.Close()
	entries, err := s.Get(context.Background(), store.Key("GET", "https://api.example.com/repos/1"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(entries), "entries")
}
