package engine

import (
	"net/http"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

func interaction(method, url string, req, resp http.Header) *cassette.Interaction {
	return &cassette.Interaction{
		Request:  cassette.Request{Method: method, URL: url, Headers: req},
		Response: cassette.Response{Code: 200, Headers: resp, Body: []byte(url)},
	}
}

func TestInvalidate(t *testing.T) {
	e := New(Options{Matcher: match.Default(), Reuse: Always})
	e.Load([]*cassette.Interaction{
		interaction("GET", "http://x/a", nil, nil),
		interaction("GET", "http://x/b", nil, nil),
	}, 0)
	if n := e.Invalidate(func(r *cassette.Request) bool { return r.URL == "http://x/a" }); n != 1 {
		t.Fatalf("Invalidate took out %d, want 1", n)
	}
	hit, _, _ := e.Claim(&cassette.Request{Method: "GET", URL: "http://x/a"})
	if hit.Interaction != nil {
		t.Error("an invalidated recording still answers")
	}
	hit, _, _ = e.Claim(&cassette.Request{Method: "GET", URL: "http://x/b"})
	if hit.Interaction == nil {
		t.Error("the other recording no longer answers")
	}
	ins, used := e.Interactions()
	if len(ins) != 1 || len(used) != 1 || ins[0].Request.URL != "http://x/b" {
		t.Errorf("Interactions after Invalidate: %d, want only http://x/b", len(ins))
	}
}

func TestClaimVary(t *testing.T) {
	e := New(Options{Matcher: match.Default(), Reuse: Always})
	e.Load([]*cassette.Interaction{
		interaction("GET", "http://x/a", http.Header{"Accept": {"application/json"}}, http.Header{"Vary": {"Accept"}}),
	}, 0)
	for _, tc := range []struct {
		accept string
		want   bool
	}{{"application/json", true}, {"text/html", false}, {"", false}} {
		live := &cassette.Request{Method: "GET", URL: "http://x/a", Headers: http.Header{}}
		if tc.accept != "" {
			live.Headers.Set("Accept", tc.accept)
		}
		hit, _, _ := e.Claim(live)
		if got := hit.Interaction != nil; got != tc.want {
			t.Errorf("Accept %q: answered %v, want %v", tc.accept, got, tc.want)
		}
		if !tc.want {
			cands, _ := e.Closest(live)
			if len(cands) != 1 || len(cands[0].Mismatches) == 0 || cands[0].Mismatches[0].Matcher != "vary" {
				t.Errorf("Accept %q: the miss report does not say the Vary header differs: %+v", tc.accept, cands)
			}
		}
	}
}
