package redact

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func TestTouches(t *testing.T) {
	filters := mustNew(t,
		Header("X-Tenant"),
		QueryParam("session"),
		Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT>"),
		Secret("<SECRET>", func() string { return "s3cr3t value" }),
	)
	for _, tc := range []struct {
		name string
		r    *Redactor
		req  cassette.Request
		want bool
	}{
		{name: "plain GET", r: Default(), req: get("https://api.example.com/items/1?expand=owner", "Accept", "application/json")},
		{name: "no URL", r: Default(), req: cassette.Request{Method: "GET"}},
		{name: "Authorization", r: Default(), req: get("https://h/", "Authorization", "Bearer abc"), want: true},
		{name: "already redacted Authorization", r: Default(), req: get("https://h/", "Authorization", "Bearer REDACTED"), want: true},
		{name: "lower-case header name", r: Default(), req: cassette.Request{URL: "https://h/", Headers: http.Header{"x-api-key": {"k"}}}, want: true},
		{name: "header filter", r: filters, req: get("https://h/", "X-Tenant", "acme"), want: true},
		{name: "header filter absent", r: filters, req: get("https://h/", "X-Other", "acme")},
		{name: "api_key query", r: Default(), req: get("https://h/me?page=1&api_key=k")},
		{name: "escaped query name", r: Default(), req: get("https://h/me?api%5Fkey=k")},
		{name: "query value already redacted", r: Default(), req: get("https://h/me?api_key=REDACTED")},
		{name: "empty query value", r: Default(), req: get("https://h/me?api_key=")},
		{name: "pagination token", r: Default(), req: get("https://h/me?nextPageToken=abc")},
		{name: "query filter", r: filters, req: get("https://h/?session=1")},
		{name: "fragment token", r: Default(), req: get("https://h/cb#access_token=x")},
		{name: "userinfo password", r: Default(), req: get("https://ann:pw@h/")},
		{name: "userinfo redacted", r: Default(), req: get("https://ann:REDACTED@h/")},
		{name: "userinfo without password", r: Default(), req: get("https://ann@h/")},
		{name: "Referer with a token", r: Default(), req: get("https://h/", "Referer", "https://h/cb?token=abc")},
		{name: "Referer without", r: Default(), req: get("https://h/", "Referer", "https://h/cb?page=2")},
		{name: "pattern in URL", r: filters, req: get("https://h/accounts/acct-12")},
		{name: "pattern in header", r: filters, req: get("https://h/", "X-Account", "acct-12")},
		{name: "secret in URL", r: filters, req: get("https://h/?q=s3cr3t+value")},
		{name: "secret path-escaped", r: filters, req: get("https://h/s3cr3t%20value")},
		{name: "secret in header", r: filters, req: get("https://h/", "X-Note", "it is s3cr3t value")},
		{name: "nothing for the filters", r: filters, req: get("https://h/accounts/7?page=2", "Accept", "*/*")},
		{name: "any body", r: Default(), req: cassette.Request{Method: "POST", URL: "https://h/", Body: []byte(`{"name":"x"}`)}, want: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.r.Touches(tc.req)
			changed := cmp.Diff(tc.req, tc.r.Request(tc.req))
			if !got {
				assert.Equal(t, changed, "", "Touches is false, but Request changes the request")
			}
			// want is only what Request itself does, unless the case says
			// Touches must be true (bodies and redacted headers are touched
			// without a closer look).
			assert.Equal(t, got, tc.want || changed != "")
		})
	}
}

// get builds a GET request with header name/value pairs.
func get(u string, kv ...string) cassette.Request {
	return cassette.Request{Method: "GET", URL: u, Headers: hdr(kv...)}
}

// TestTouchesDoesNotAllocate pins the promise the recorder's replay path
// relies on.
func TestTouchesDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates; run without -race")
	}
	r := mustNew(t, Header("X-Tenant"), QueryParam("Session"), Keep("X-Debug-Token"),
		Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT>"))
	req := get("https://api.example.com/items/1?expand=owner&Page=2&q=a%20b", "Accept", "application/json", "User-Agent", "Go-http-client/1.1", "X-Debug-Token", "x")
	allocs := testing.AllocsPerRun(100, func() {
		if r.Touches(req) {
			t.Fatal("Touches: want false")
		}
	})
	assert.Equal(t, allocs, 0.0)
}
