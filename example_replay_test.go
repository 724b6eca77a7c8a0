package recorder_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
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

// WithLatency replays each response after the duration it took when it
// was recorded (times the fraction): fixtures/example.yaml recorded GET
// /repos/1 in 2ms. Without the option, replay is instant.
func ExampleWithLatency() {
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay), recorder.WithLatency(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	start := time.Now()
	resp, err := rec.Client().Get("http://api.example.test/repos/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, "after at least 2ms:", time.Since(start) >= 2*time.Millisecond)
	// Output: 200 OK after at least 2ms: true
}

// Seed returns a seed that is recorded in the cassette the first time and
// read back after, so that random names a test puts in its requests are
// the same on replay and match.
func ExampleRecorder_Seed() {
	fsys := afero.NewMemMapFs()
	create := func(mode recorder.Mode) (seed int64, body string) {
		rec, err := recorder.Open("fixtures/create", recorder.WithFS(fsys), recorder.WithMode(mode), recorder.WithTransport(api))
		if err != nil {
			return 0, err.Error()
		}
		defer rec.Close()
		rng := rand.New(rand.NewPCG(uint64(rec.Seed()), 0))
		name := fmt.Sprintf("test-repo-%d", rng.IntN(1_000_000))
		resp, err := rec.Client().Post("https://api.example.com/repos", "text/plain", strings.NewReader(name))
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return rec.Seed(), string(b)
	}
	seed1, body1 := create(recorder.ModeRecordMissing) // records the seed
	seed2, body2 := create(recorder.ModeReplay)        // reads it back, and the request matches
	fmt.Println("same seed:", seed1 == seed2)
	fmt.Println("same response:", body1 == body2, strings.Contains(body2, "test-repo-"))
	// Output:
	// same seed: true
	// same response: true true
}
