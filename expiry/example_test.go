package expiry_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

// recordedAt is when the example interactions were recorded.
var recordedAt = time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)

// interaction is a recorded GET of url whose response had the given
// headers.
func interaction(url string, headers http.Header) *cassette.Interaction {
	return &cassette.Interaction{
		RecordedAt: recordedAt,
		Request:    cassette.Request{Method: http.MethodGet, URL: url},
		Response:   cassette.Response{Status: "200 OK", Code: 200, Headers: headers},
	}
}

// A policy with per-URL rules: user records go stale after a day, static
// files never, the token endpoint is never recorded, and everything else
// after a week. Checked three days after recording, without a live request
// (as a tool listing a cassette would).
func ExamplePolicy() {
	policy := expiry.Policy{
		Default: expiry.After(7 * 24 * time.Hour),
		Rules: []expiry.Rule{
			{Pattern: "api.example.com/users/*", Expire: expiry.After(24 * time.Hour)},
			{Pattern: "*/static/**", Expire: expiry.Never},
			{Pattern: "auth.example.com/**", Expire: expiry.DoNotRecord},
		},
	}
	if err := policy.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	now := recordedAt.Add(72 * time.Hour)
	for _, url := range []string{
		"https://api.example.com/users/42?fields=name",
		"https://cdn.example.com/static/css/site.css",
		"https://auth.example.com/oauth/token",
		"https://api.example.com/repos/7",
	} {
		v := policy.Check(nil, interaction(url, nil), now)
		fmt.Printf("%s\n  %v\n", url, v)
	}
	// Output:
	// https://api.example.com/users/42?fields=name
	//   stale: age 3d, rule "api.example.com/users/*"=1d, expired 2d ago
	// https://cdn.example.com/static/css/site.css
	//   fresh: age 3d, rule "*/static/**"=never
	// https://auth.example.com/oauth/token
	//   do-not-record: rule "auth.example.com/**"=do-not-record
	// https://api.example.com/repos/7
	//   fresh: age 3d, session default=7d, expires in 4d
}

// Validate names the rule that cannot work and says how to fix it.
func ExamplePolicy_Validate() {
	policy := expiry.Policy{Rules: []expiry.Rule{
		{Pattern: "api.example.com/users/*", Expire: expiry.After(time.Hour)},
		{Pattern: "https://api.example.com/repos/*", Expire: expiry.After(time.Hour)},
	}}
	fmt.Println(policy.Validate())
	// Output:
	// expiry rule 1 "https://api.example.com/repos/*": bad URL pattern: patterns match the URL without its scheme; write "api.example.com/repos/*"
}

// A stale interaction whose response had an ETag can be revalidated: send
// the conditional headers, and a 304 Not Modified means the recording is
// still good.
func ExamplePolicy_Check() {
	policy := expiry.Policy{Rules: []expiry.Rule{
		{Pattern: "api.example.com/*", Expire: expiry.After(time.Hour)},
	}}
	in := interaction("https://api.example.com/repos", http.Header{"Etag": {`"v1"`}})
	req, _ := http.NewRequest(http.MethodGet, "https://api.example.com/repos", nil)

	v := policy.Check(req, in, recordedAt.Add(2*time.Hour))
	fmt.Printf("%s %s %v\n", req.Method, req.URL, v)
	fmt.Println("level:", v.Level, "| expires at:", v.ExpiresAt.Format(time.RFC3339))
	if v.Revalidate {
		fmt.Println("revalidate with:", expiry.Conditional(in))
	}
	// Output:
	// GET https://api.example.com/repos stale: age 2h, rule "api.example.com/*"=1h, expired 1h ago
	// level: URL rule | expires at: 2026-11-23T19:00:00Z
	// revalidate with: map[If-None-Match:["v1"]]
}

// WithExpiration sets the expiration of one request, over the URL rules and
// the session default.
func ExampleWithExpiration() {
	policy := expiry.Policy{Default: expiry.After(24 * time.Hour)}
	in := interaction("https://api.example.com/prices", nil)

	ctx := expiry.WithExpiration(context.Background(), expiry.After(5*time.Minute))
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://api.example.com/prices", nil)

	fmt.Println(policy.Check(req, in, recordedAt.Add(10*time.Minute)))
	fmt.Println(policy.Check(nil, in, recordedAt.Add(10*time.Minute)))
	// Output:
	// stale: age 10m, per-request expiration=5m, expired 5m ago
	// fresh: age 10m, session default=1d, expires in 23h50m
}

// Store says whether a request may be recorded: ask before sending (a false
// answer means pass it straight through) and again with the response.
func ExamplePolicy_Store() {
	policy := expiry.Policy{HonorResponseHeaders: true}
	req, _ := http.NewRequest(http.MethodGet, "https://api.example.com/me", nil)
	fmt.Println("before sending:", policy.Store(req, nil))

	resp := &cassette.Response{Code: 200, Headers: http.Header{"Cache-Control": {"private, no-store"}}}
	fmt.Println("with a no-store response:", policy.Store(req, resp))

	req.Header.Set("Cache-Control", "no-store")
	fmt.Println("with a no-store request:", policy.Store(req, nil))
	// Output:
	// before sending: true
	// with a no-store response: false
	// with a no-store request: false
}

// With HonorResponseHeaders (the cache preset), the response's own
// Cache-Control and Expires decide, and its Age counts; a request's
// Cache-Control still ranks above them.
func ExamplePolicy_honorResponseHeaders() {
	policy := expiry.Policy{HonorResponseHeaders: true, Default: expiry.After(24 * time.Hour)}
	in := interaction("https://api.example.com/feed", http.Header{
		"Cache-Control": {"public, max-age=3600"},
		"Age":           {"600"},
	})
	fmt.Println(policy.Check(nil, in, recordedAt.Add(30*time.Minute)))

	req, _ := http.NewRequest(http.MethodGet, "https://api.example.com/feed", nil)
	req.Header.Set("Cache-Control", "no-cache")
	fmt.Println(policy.Check(req, in, recordedAt.Add(30*time.Minute)))
	// Output:
	// fresh: age 40m, response Cache-Control max-age=1h, expires in 20m
	// stale: age 40m, request Cache-Control no-cache=immediately, expired 40m ago
}

func ExampleParseExpiration() {
	for _, s := range []string{"never", "0", "do-not-record", "36h", "7d", "1d12h", "tomorrow"} {
		e, err := expiry.ParseExpiration(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-14s %v\n", s, e)
	}
	// Output:
	// never          never
	// 0              immediately
	// do-not-record  do-not-record
	// 36h            1d12h
	// 7d             7d
	// 1d12h          1d12h
	// bad expiration "tomorrow": it is not a duration; use never, immediately (or 0), do-not-record, or a duration such as 24h, 90m or 7d
}

// An Expiration is a flag.TextVar, for command-line tools.
func ExampleExpiration_UnmarshalText() {
	fs := flag.NewFlagSet("tapedeck", flag.ContinueOnError)
	var maxAge expiry.Expiration
	fs.TextVar(&maxAge, "expire", expiry.Never, "how long recordings stay fresh")
	if err := fs.Parse([]string{"-expire=12h"}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(maxAge)
	// Output:
	// 12h
}

// ParseRule reads the pattern=expiration form a command line takes, for
// example from a repeated -rule flag; String gives it back.
func ExampleParseRule() {
	var policy expiry.Policy
	for _, arg := range []string{"api.example.com/users/*=24h", "*/static/**=never", "auth.example.com/**=do-not-record"} {
		r, err := expiry.ParseRule(arg)
		if err != nil {
			fmt.Println(err)
			return
		}
		policy.Rules = append(policy.Rules, r)
	}
	fmt.Println(policy.Rules)
	_, err := expiry.ParseRule("https://api.example.com/*=1h")
	fmt.Println(err)
	// Output:
	// [api.example.com/users/*=1d */static/**=never auth.example.com/**=do-not-record]
	// expiry rule "https://api.example.com/*=1h": bad URL pattern: patterns match the URL without its scheme; write "api.example.com/*"
}
