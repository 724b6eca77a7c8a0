package recorder

import (
	"fmt"
	"testing"
	"time"

	"github.com/spf13/afero"

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
			c := benchCassette(n)
			fsys := afero.NewMemMapFs()
			if err := cassette.Save(fsys, "bench.yaml", c); err != nil {
				b.Fatal(err)
			}
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
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				j := i % n
				if j == 0 && i > 0 {
					rec.resetUsed()
				}
				resp, err := rec.RoundTrip(reqs[j])
				if err != nil {
					b.Fatal(err)
				}
				if info, _ := Info(resp); info.Stale {
					b.Fatal("stale")
				}
				resp.Body.Close()
			}
		})
	}
}
