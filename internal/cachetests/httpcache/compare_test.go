// Package httpcache compares tapedeck's HTTP cache mode with
// github.com/gregjones/httpcache (an archived Go client cache) on the same
// cache-tests cases, in one run.
package httpcache

import (
	"net/http"
	"testing"
	"time"

	"github.com/gregjones/httpcache"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/internal/cachetests"
)

// gregjones is httpcache with its in-memory cache. It reads the real
// clock, so its cases run in real time, in parallel.
var gregjones = cachetests.Subject{
	Name:     "github.com/gregjones/httpcache",
	RealTime: true,
	New: func(next http.RoundTripper, _ func() time.Time) (http.RoundTripper, func() error, error) {
		t := httpcache.NewMemoryCacheTransport()
		t.Transport = next
		return t, nil, nil
	},
}

// TestCompare prints both per-file tables (go test -v). It fails only if
// tapedeck passes fewer applicable cases than httpcache.
func TestCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("runs httpcache's cases in real time (about 20s)")
	}
	ours := cachetests.Run(cachetests.Tapedeck("tapedeck AsHTTPCache", recorder.AsHTTPCache()), cachetests.Suites)
	theirs := cachetests.Run(gregjones, cachetests.Suites)
	t.Logf("\n%s\n%s", ours.Table(), theirs.Table())
	t.Logf("httpcache's cases that did not pass:\n%s", theirs.Failures())
	if o, g := ours.Total().Passed, theirs.Total().Passed; o < g {
		t.Errorf("tapedeck passes %d applicable cases, httpcache %d", o, g)
	}
}
