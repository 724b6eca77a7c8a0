package redact

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/cassette"
)

// BenchmarkRequest measures what the recorder pays per live request in
// replay: redacting it before matching.
func BenchmarkRequest(b *testing.B) {
	req := cassette.Request{
		Method: "POST",
		URL:    "https://api.example.com/v1/items?access_token=abc&page=2&sort=name",
		Headers: http.Header{
			"Authorization": {"Bearer abc"},
			"Accept":        {"application/json"},
			"Content-Type":  {"application/json"},
			"User-Agent":    {"tapedeck-test/1.0"},
		},
		Body: []byte(`{"name":"widget","tags":["a","b"],"owner":{"id":7,"password":"x"}}`),
	}
	for _, bc := range []struct {
		name string
		r    *Redactor
	}{
		{"default", Default()},
		{"filters", mustNew(b, JSONField("$..ssn"), QueryParam("session"), Header("X-Tenant"))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = bc.r.Request(req)
			}
		})
	}
}

// BenchmarkTouches measures the check the recorder makes on every live
// request in replay, to skip Request when it would change nothing.
func BenchmarkTouches(b *testing.B) {
	req := cassette.Request{
		Method:  "GET",
		URL:     "https://api.example.com/items/42?expand=owner",
		Headers: http.Header{"Accept": {"application/json"}, "User-Agent": {"tapedeck-test/1.0"}},
	}
	r := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if r.Touches(req) {
			b.Fatal("Touches: want false")
		}
	}
}

// BenchmarkScan measures the scan before a save, per interaction with a 64 KiB
// JSON response.
func BenchmarkScan(b *testing.B) {
	body := `{"items":[` + strings.Repeat(`{"id":"550e8400-e29b-41d4-a716-446655440000","name":"widget","sha":"e83c5163316f89bfbde7d9ab23ca2e25604af290"},`, 600) + `{}]}`
	in := &cassette.Interaction{
		Request:  cassette.Request{Method: "GET", URL: "https://api.example.com/v1/items?page=2", Headers: http.Header{"Authorization": {"Bearer REDACTED"}}},
		Response: cassette.Response{Code: 200, Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)},
	}
	r := Default()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = r.ScanInteraction(0, in)
	}
}

// smallInteraction is what a test of one GET records.
func smallInteraction() *cassette.Interaction {
	return &cassette.Interaction{
		Request: cassette.Request{Method: "GET", URL: "http://127.0.0.1:43473/repos/1"},
		Response: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
			Headers: http.Header{"Content-Length": {"65"}, "Content-Type": {"application/json"},
				"Date": {"Wed, 02 Dec 2026 14:50:51 GMT"}},
			Body: []byte(`{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`)},
	}
}

// BenchmarkScanSmall measures the scan before a save of the one small
// interaction a test of one request records.
func BenchmarkScanSmall(b *testing.B) {
	in := smallInteraction()
	r := Default()
	b.ReportAllocs()
	for b.Loop() {
		if found := r.ScanInteraction(0, in); len(found) > 0 {
			b.Fatal(found)
		}
	}
}

// BenchmarkInteractionSmall measures the redaction of the one small
// interaction a test of one request records, before it is stored.
func BenchmarkInteractionSmall(b *testing.B) {
	in := smallInteraction()
	r := Default()
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Interaction(in)
	}
}
