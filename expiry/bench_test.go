package expiry

import (
	"testing"
	"time"
)

// BenchmarkCheck measures one staleness check as the recorder does it on
// every replay: a live request, a policy with rules, response headers
// honored.
func BenchmarkCheck(b *testing.B) {
	p := Policy{
		Default: After(24 * time.Hour),
		Rules: []Rule{
			{Pattern: "*/static/**", Expire: Never},
			{Pattern: "api.example.com/users/*", Expire: After(time.Hour)},
		},
		HonorResponseHeaders: true,
	}
	in := recorded(testURL+"?page=2", "Cache-Control", "private, max-age=60", "Etag", `"v1"`, "Date", recordedAt.Format("Mon, 02 Jan 2006 15:04:05 GMT"))
	req := live(b, testURL+"?page=2", "Accept", "application/json")
	now := recordedAt.Add(2 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if v := p.Check(req, in, now); !v.Stale {
			b.Fatal("want stale")
		}
	}
}

// BenchmarkCheckZeroPolicy measures the default: Policy{} never expires.
func BenchmarkCheckZeroPolicy(b *testing.B) {
	var p Policy
	in := recorded(testURL)
	req := live(b, testURL)
	now := recordedAt.Add(2 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if v := p.Check(req, in, now); v.Stale {
			b.Fatal("want fresh")
		}
	}
}
