package recorder

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

// BenchmarkReplayWithExpiry is BenchmarkReplay with an expiry policy that
// has a rule, under which nothing is stale yet: the cost of asking the
// policy on every replay, which the default (no WithExpiry) does not pay.
func BenchmarkReplayWithExpiry(b *testing.B) {
	policy := expiry.Policy{
		Default: expiry.After(24 * time.Hour),
		Rules:   []expiry.Rule{{Pattern: "api.example.com/items/*", Expire: expiry.After(time.Hour)}},
	}
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("interactions=%d", n), func(b *testing.B) {
			c, fsys := savedBenchCassette(b, n)
			loaded, err := cassette.Load(fsys, "bench.yaml")
			if err != nil {
				b.Fatal(err)
			}
			recordedAt := loaded.Interactions[0].RecordedAt
			rec, err := Open("bench", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}),
				WithExpiry(policy), WithClock(func() time.Time { return recordedAt.Add(time.Minute) }))
			if err != nil {
				b.Fatal(err)
			}
			reqs := benchRequests(b, c)
			replayAll(b, rec, reqs, func(resp *http.Response) {
				if info, _ := Info(resp); info.Stale {
					b.Fatal("stale")
				}
			})
		})
	}
}
