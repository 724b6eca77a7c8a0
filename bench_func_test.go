package recorder

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// sameRequest is a custom rule, as a user would write it with match.Func.
// Its error is a value made once, so that the benchmark measures the
// recorder rather than fmt.Errorf.
func sameRequest(live, recorded *cassette.Request) error {
	if live.Method != recorded.Method || live.URL != recorded.URL {
		return errDiffers
	}
	return nil
}

var errDiffers = errors.New("the method or URL differs")

// BenchmarkReplayFunc measures replay with a custom match.Func matcher over
// cassettes of 1,000 and 10,000 interactions, requests sent in a random
// order (a fixed permutation): keyed, with KeyOn(match.Method(),
// match.Path()), the recorder looks recordings up by key; unkeyed, it calls
// the function for each unused recording until one matches.
func BenchmarkReplayFunc(b *testing.B) {
	matchers := []struct {
		name string
		m    match.Matcher
	}{
		{"keyed", match.Func("same request", sameRequest, match.KeyOn(match.Method(), match.Path()))},
		{"unkeyed", match.Func("same request", sameRequest)},
	}
	for _, m := range matchers {
		for _, n := range []int{1000, 10000} {
			b.Run(fmt.Sprintf("%s/interactions=%d", m.name, n), func(b *testing.B) {
				c, fsys := savedBenchCassette(b, n)
				rec, err := Open("bench", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithMatcher(m.m))
				if err != nil {
					b.Fatal(err)
				}
				reqs := benchRequests(b, c)
				rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
				replayAll(b, rec, reqs, nil)
			})
		}
	}
}
