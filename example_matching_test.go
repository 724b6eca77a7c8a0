package recorder_test

import (
	"fmt"
	"io"
	"testing"

	recorder "github.com/tapedeck/recorder"
)

// WithRepeats lets a polling loop call more often than was recorded: once
// the recordings of a request are used up, the last one replays again.
// fixtures/example.yaml has one recording of GET /hello.
func ExampleWithRepeats() {
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay), recorder.WithRepeats())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	for range 3 {
		resp, err := rec.Client().Get("http://api.example.test/hello")
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%q\n", body)
	}
	// Output:
	// "hello from tapedeck\nsecond line\n"
	// "hello from tapedeck\nsecond line\n"
	// "hello from tapedeck\nsecond line\n"
}

// WithUnused says what New does about recordings a test never used. By
// default they are listed in the test log when the test passes, with where
// they are in the cassette and how to prune them; UnusedFail makes that a
// test failure (to keep cassettes pruned in CI), and UnusedIgnore says
// nothing, for a cassette that several tests share.
func ExampleWithUnused() {
	_ = func(t *testing.T) {
		rec := recorder.New(t, "fixtures/example", recorder.WithUnused(recorder.UnusedFail))
		resp, err := rec.Client().Get("http://api.example.test/hello")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		// The test fails when it ends: fixtures/example.yaml has 9 other
		// recordings that it did not use.
	}
	_ = func(t *testing.T) {
		rec := recorder.New(t, "fixtures/example", recorder.WithUnused(recorder.UnusedIgnore))
		_ = rec // this test uses part of a shared cassette
	}
}
