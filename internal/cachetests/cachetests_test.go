package cachetests

import (
	"testing"

	recorder "github.com/tapedeck/recorder"
)

// minPassed is the score this tree reaches: a change that makes the cache
// pass fewer applicable cases fails the test. Raise it with the score.
const minPassed = 220

// TestTapedeck runs the suite against the recorder.s HTTP cache mode and
// prints the per-file table (go test -v -run TestTapedeck).
func TestTapedeck(t *testing.T) {
	rep := Run(Tapedeck("tapedeck AsHTTPCache", recorder.AsHTTPCache()), Suites)
	t.Logf("\n%s", rep.Table())
	t.Logf("cases that did not pass:\n%s", rep.Failures())
	if got := rep.Total().Passed; got < minPassed {
		t.Errorf("%d applicable cases passed, fewer than the %d this tree passed before", got, minPassed)
	}
	// AsCache, the offline-development preset, is not meant to conform;
	// its table shows the difference.
	t.Logf("\n%s", Run(Tapedeck("tapedeck AsCache", recorder.AsCache()), Suites).Table())
}
