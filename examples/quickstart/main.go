// Command quickstart shows tapedeck's main job offline: it replays the
// project's own cassette, fixtures/example.yaml, through an http.Client whose
// real transport refuses every request, and prints what each request got.
// Run it from the module root:
//
//	go run ./examples/quickstart
package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	recorder "github.com/tapedeck/recorder"
)

// offline is the real transport: replay must never reach it.
type offline struct{}

func (offline) RoundTrip(req *http.Request) (*http.Response, error) {
	return nil, errors.New("quickstart: the network was used, but replay should be offline")
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	rec, err := recorder.Open("fixtures/example",
		recorder.WithMode(recorder.ModeReplay), recorder.WithTransport(offline{}))
	if err != nil {
		return err
	}
	defer rec.Close()
	client := rec.Client()
	fmt.Println("replaying fixtures/example.yaml with the network switched off:")
	for _, path := range []string{"/repos/1", "/hello", "/repos/9"} {
		resp, err := client.Get("http://api.example.test" + path)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		fmt.Printf("GET %s -> %s %s\n", path, resp.Status, strings.TrimSpace(string(body)))
	}
	// A request that was never recorded is a miss, explained.
	_, err = client.Get("http://api.example.test/repos/1?page=2")
	var miss *recorder.MissError
	if !errors.As(err, &miss) {
		return fmt.Errorf("expected a miss, got %v", err)
	}
	fmt.Println("\nand a request that was never recorded:")
	fmt.Println(miss.Error())
	return nil
}
