package match

import (
	"fmt"
	"hash/maphash"
	"net/http"
	"testing"

	"github.com/tapedeck/recorder/cassette"
)

// BenchmarkDefaultKey measures the default matcher's key of a GET with a
// query, the work the recorder does for every live request in replay.
func BenchmarkDefaultKey(b *testing.B) {
	for _, u := range []string{
		"https://api.example.com/items/42?expand=owner",
		"https://bucket.s3.amazonaws.com/photos/cat.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260501T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&x-id=GetObject&X-Amz-Signature=aa11",
	} {
		r := &cassette.Request{Method: "GET", URL: u, Headers: http.Header{"Accept": {"application/json"}}}
		m := Default()
		seed := maphash.MakeSeed()
		b.Run(fmt.Sprintf("query=%d", len(u)), func(b *testing.B) {
			b.ReportAllocs()
			var h maphash.Hash
			h.SetSeed(seed)
			for b.Loop() {
				h.Reset()
				m.Key(r, &h)
			}
		})
	}
}
