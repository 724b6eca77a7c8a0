package engine

import (
	"fmt"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

// BenchmarkClaim claims every recording of a cassette in turn, as a test
// replaying it does, with the recorder's default matcher and redactor: the
// replay path's lookup. The recordings are distinct requests, or one
// request recorded n times (a polling loop); a claim should cost the same
// whatever n is.
//
// Once every recording was claimed, ResetUsed makes them claimable again.
// For large cassettes the timer is stopped for it; for small ones it is
// timed, since stopping the timer (which reads the memory statistics) every
// few claims would make the benchmark run for minutes: there it adds about
// a tenth of one ResetUsed per claim (under 10 ns for 10 recordings), which
// makes small cassettes look slower, not faster.
func BenchmarkClaim(b *testing.B) {
	const stopTimerAbove = 1000
	for _, n := range []int{10, 10_000} {
		for _, same := range []bool{false, true} {
			name := fmt.Sprintf("recordings=%d/distinct", n)
			if same {
				name = fmt.Sprintf("recordings=%d/identical", n)
			}
			b.Run(name, func(b *testing.B) {
				ins := make([]*cassette.Interaction, n)
				lives := make([]*cassette.Request, n)
				for i := range ins {
					url := fmt.Sprintf("https://api.test/items/%d?page=2", i)
					if same {
						url = "https://api.test/items?page=2"
					}
					ins[i] = recording(get(url), fmt.Sprint(i))
					lives[i] = get(url)
				}
				e := New(Options{Matcher: match.Default(), Redactor: redact.Default()})
				e.Load(ins, 0)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if i == n {
						if n >= stopTimerAbove {
							b.StopTimer()
						}
						e.ResetUsed()
						if n >= stopTimerAbove {
							b.StartTimer()
						}
						i = 0
					}
					hit, _, err := e.Claim(lives[i])
					if err != nil || hit.ID != i {
						b.Fatalf("claim %d: got recording %d, %v", i, hit.ID, err)
					}
					i++
				}
			})
		}
	}
}
