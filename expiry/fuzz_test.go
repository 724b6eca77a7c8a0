package expiry

import (
	"net/http"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// FuzzParseCacheControl checks that no Cache-Control value makes the parser
// panic or produce an impossible max-age.
func FuzzParseCacheControl(f *testing.F) {
	for _, seed := range []string{
		"", "no-store", "no-cache", "max-age=60", `max-age="60"`, "max-age=abc",
		`no-cache="Set-Cookie, X-Token", max-age=60`, `a="\`, `"`, "=", ",,,",
		"max-age=99999999999999999999999", `private="a\"b", max-age=3`, "max-age = 5",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		h := http.Header{"Cache-Control": {value}}
		for _, response := range []bool{false, true} {
			d := parseCacheControl(h, response)
			if d.hasMaxAge && (d.maxAge < 0 || d.maxAge > maxDelta*time.Second) {
				t.Fatalf("parseCacheControl(%q, %v): max-age %v outside [0, 2^31s]", value, response, d.maxAge)
			}
			if !d.hasMaxAge && d.maxAge != 0 {
				t.Fatalf("parseCacheControl(%q, %v): max-age %v set without hasMaxAge", value, response, d.maxAge)
			}
		}
		forEachDirective(value, func(name, _ string, _ bool) {
			if name == "" {
				t.Fatalf("forEachDirective(%q) reported a directive without a name", value)
			}
		})
	})
}

// FuzzCheck feeds arbitrary caching headers, clocks and round trip times to
// Check, Store, Conditional and Verdict.String: none may panic, and their
// answers must agree with each other.
func FuzzCheck(f *testing.F) {
	f.Add("max-age=60", "no-cache", "Sun, 22 Nov 2026 18:00:00 GMT", "Sun, 22 Nov 2026 17:00:00 GMT", "600", `"v1"`, int64(3600), int64(2), int64(0))
	f.Add("", "no-store", "0", "garbage", "abc", "", int64(-5), int64(-1), int64(-1<<63))
	f.Add("max-age=99999999999", "", "Mon, 01 Jan 0001 00:00:00 GMT", "", "99999999999999999999", "", int64(1<<62), int64(1<<62), int64(1<<63-1))
	f.Fuzz(func(t *testing.T, reqCC, respCC, expires, date, age, etag string, nowSecs, durSecs, recNanos int64) {
		rec := time.Unix(0, recNanos).UTC()
		in := &cassette.Interaction{
			RecordedAt: rec,
			Duration:   time.Duration(durSecs) * time.Second,
			Request:    cassette.Request{Method: http.MethodGet, URL: testURL},
			Response: cassette.Response{Code: 200, Headers: http.Header{
				"Cache-Control": {respCC}, "Expires": {expires}, "Date": {date}, "Age": {age},
				"Etag": {etag}, "Last-Modified": {date},
			}},
		}
		req, err := http.NewRequest(http.MethodGet, testURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Cache-Control", reqCC)
		now := rec.Add(time.Duration(nowSecs) * time.Second)
		for _, p := range []Policy{
			{},
			{HonorResponseHeaders: true, Default: After(time.Hour)},
			{Rules: []Rule{{Pattern: "api.example.com/**", Expire: Immediately}}, HonorResponseHeaders: true},
		} {
			for _, r := range []*http.Request{req, nil} {
				v := p.Check(r, in, now)
				_ = v.String()
				if v.Age < 0 {
					t.Fatalf("negative age %v: %v", v.Age, v)
				}
				if v.Revalidate && !v.Stale {
					t.Fatalf("revalidate without stale: %v", v)
				}
				if v.Expire == DoNotRecord && !v.Stale {
					t.Fatalf("do-not-record not stale: %v", v)
				}
				if v.Revalidate && Conditional(in) == nil {
					t.Fatalf("revalidate without validators: %v", v)
				}
				var resp *cassette.Response
				if r != nil {
					resp = &in.Response
				}
				if store := p.Store(r, resp); r != nil && store != (v.Expire != DoNotRecord) {
					t.Fatalf("Store says %v, Check says %v", store, v)
				}
			}
		}
	})
}
