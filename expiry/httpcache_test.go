package expiry

import (
	"testing"
	"time"
)

// TestHTTPCacheCheck checks Check under Policy.HTTPCache at a given age of
// a response with the given headers, for a request with the given ones.
func TestHTTPCacheCheck(t *testing.T) {
	p := Policy{HTTPCache: true}
	date := recordedAt.Format("Mon, 02 Jan 2006 15:04:05 GMT")
	day := recordedAt.Add(-24 * time.Hour).Format("Mon, 02 Jan 2006 15:04:05 GMT")
	tests := []struct {
		name             string
		resp, req        []string
		age              time.Duration
		stale, mustReval bool
		whileReval       bool
	}{
		{name: "no freshness information", resp: []string{"Date", date}, stale: true},
		{name: "heuristic, fresh", resp: []string{"Date", date, "Last-Modified", day}, age: 2 * time.Hour},
		{name: "heuristic, stale", resp: []string{"Date", date, "Last-Modified", day}, age: 3 * time.Hour, stale: true},
		{name: "max-age", resp: []string{"Cache-Control", "max-age=60"}, age: 59 * time.Second},
		{name: "invalid max-age", resp: []string{"Cache-Control", "max-age=-1"}, stale: true},
		{name: "invalid Expires", resp: []string{"Expires", "0"}, stale: true},
		{name: "Expires", resp: []string{"Date", date, "Expires", recordedAt.Add(time.Hour).Format("Mon, 02 Jan 2006 15:04:05 GMT")}, age: time.Minute},
		{name: "must-revalidate", resp: []string{"Cache-Control", "max-age=1, must-revalidate"}, age: time.Minute, stale: true, mustReval: true},
		{name: "request max-age", resp: []string{"Cache-Control", "max-age=600"}, req: []string{"Cache-Control", "max-age=30"}, age: time.Minute, stale: true},
		{name: "request min-fresh", resp: []string{"Cache-Control", "max-age=600"}, req: []string{"Cache-Control", "min-fresh=590"}, age: time.Minute, stale: true},
		{name: "request max-stale", resp: []string{"Cache-Control", "max-age=1"}, req: []string{"Cache-Control", "max-stale=100"}, age: time.Minute},
		{name: "max-stale, but must-revalidate", resp: []string{"Cache-Control", "max-age=1, must-revalidate"}, req: []string{"Cache-Control", "max-stale"}, age: time.Minute, stale: true, mustReval: true},
		{name: "request no-cache", resp: []string{"Cache-Control", "max-age=600"}, req: []string{"Cache-Control", "no-cache"}, stale: true},
		{name: "stale-while-revalidate", resp: []string{"Cache-Control", "max-age=1, stale-while-revalidate=60"}, age: 30 * time.Second, stale: true, whileReval: true},
		{name: "after stale-while-revalidate", resp: []string{"Cache-Control", "max-age=1, stale-while-revalidate=60"}, age: 2 * time.Minute, stale: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := p.Check(live(t, testURL, tc.req...), recorded(testURL, tc.resp...), recordedAt.Add(tc.age))
			if v.Stale != tc.stale || v.MustRevalidate != tc.mustReval || v.WhileRevalidate != tc.whileReval {
				t.Errorf("got stale %v, must-revalidate %v, while-revalidate %v (%v); want %v, %v, %v",
					v.Stale, v.MustRevalidate, v.WhileRevalidate, v, tc.stale, tc.mustReval, tc.whileReval)
			}
		})
	}
}

func TestHTTPCacheStore(t *testing.T) {
	p := Policy{HTTPCache: true}
	tests := []struct {
		name string
		code int
		kv   []string
		want bool
	}{
		{"200 without headers", 200, nil, true},
		{"201 without freshness", 201, nil, false},
		{"599 with max-age", 599, []string{"Cache-Control", "max-age=60"}, true},
		{"no-store", 200, []string{"Cache-Control", "no-store"}, false},
		{"no-store, must-understand, known status", 200, []string{"Cache-Control", "max-age=60, no-store, must-understand"}, true},
		{"must-understand, unknown status", 599, []string{"Cache-Control", "max-age=60, no-store, must-understand"}, false},
		{"Vary: *", 200, []string{"Vary", "Accept, *"}, false},
		{"partial content", 206, []string{"Cache-Control", "max-age=60"}, false},
	}
	for _, tc := range tests {
		in := recorded(testURL, tc.kv...)
		in.Response.Code = tc.code
		if got := p.Store(live(t, testURL), &in.Response); got != tc.want {
			t.Errorf("%s: Store = %v, want %v", tc.name, got, tc.want)
		}
	}
	if p.Store(live(t, testURL, "Cache-Control", "no-store"), nil) {
		t.Error("a request with no-store is stored")
	}
}
