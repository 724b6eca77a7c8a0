package redact

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tapedeck/recorder/cassette"
)

// fuzzRedactor has a filter of every kind.
func fuzzRedactor(t testing.TB) *Redactor {
	return mustNew(t,
		JSONField("$..x", "$.a[*].b", "$['k']", "$.list[1]"),
		FormField("otp"),
		QueryParam("session"),
		Header("X-Tenant"),
		Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT>"),
		Pattern(regexp.MustCompile(`/users/(\d+)`), "<USER>"),
		Secret("<SECRET>", func() string { return "s3cr3t" }),
	)
}

// FuzzRedactBody checks that redacting any body never panics, is idempotent,
// and keeps a JSON document JSON.
func FuzzRedactBody(f *testing.F) {
	for _, seed := range []string{
		`{"password":"x","a":[{"b":1},{"b":{"c":2}}],"x":null,"k":true}`,
		`[{"x":"acct-12"},"s3cr3t",{"list":[0,1,2]}]`,
		`{"nested":{"deep":{"x":[1,2,{"x":"y"}]}},"token":12.5e3}`,
		"{\n  \"pass\\u0077ord\" : \"\\\"quoted\\\"\"\n}",
		`"just a string with acct-99"`,
		`otp=123&password=hunter2&a=b`,
		"\x1f\x8b\x08\x00",
		``,
	} {
		f.Add([]byte(seed), "application/json")
		f.Add([]byte(seed), "application/x-www-form-urlencoded")
	}
	r := fuzzRedactor(f)
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		req := cassette.Request{Method: "POST", URL: "https://h/", Headers: hdr("Content-Type", contentType), Body: body}
		once := r.Request(req)
		twice := r.Request(once)
		if d := cmp.Diff(once, twice); d != "" {
			t.Fatalf("redacting twice differs from redacting once (-once +twice):\n%s", d)
		}
		if json.Valid(body) && !json.Valid(once.Body) {
			t.Fatalf("redaction broke a JSON body:\n in: %q\nout: %q", body, once.Body)
		}
		resp := r.Response(cassette.Response{Code: 200, Headers: req.Headers, Body: body})
		if d := cmp.Diff(resp, r.Response(resp)); d != "" {
			t.Fatalf("redacting a response twice differs (-once +twice):\n%s", d)
		}
		_ = r.Restore(resp)
		_ = r.ScanInteraction(0, &cassette.Interaction{Request: req, Response: resp})
	})
}

// FuzzRedactRequest checks URLs and header values the same way, and that
// Touches is false only for requests that Request leaves as they are.
func FuzzRedactRequest(f *testing.F) {
	f.Add("https://u:p@h/users/12/acct-9?token=a&session=b&key=c#frag", "Bearer abc", "a=1; b=2")
	f.Add("https://h/p?api%5Fkey=%zz&&=&token", "s3cr3t", "")
	f.Add("://@?#", "Basic ", ";;=")
	f.Add("https://h/?#access_token=x", "", "")
	f.Add("https://h/a?page=2&Api_Key=k#x", "", "")
	r := fuzzRedactor(f)
	f.Fuzz(func(t *testing.T, url, auth, cookie string) {
		req := cassette.Request{Method: "GET", URL: url, Headers: hdr("Authorization", auth, "Cookie", cookie, "X-Tenant", auth, "X-Other", cookie)}
		once := r.Request(req)
		if d := cmp.Diff(once, r.Request(once)); d != "" {
			t.Fatalf("redacting twice differs from redacting once (-once +twice):\n%s", d)
		}
		for _, rr := range []*Redactor{r, Default()} {
			if !rr.Touches(req) {
				if d := cmp.Diff(req, rr.Request(req)); d != "" {
					t.Fatalf("Touches says false, but Request changes the request (-req +redacted):\n%s", d)
				}
			}
		}
		resp := cassette.Response{Headers: hdr("Set-Cookie", cookie, "X-Debug", auth)}
		_ = r.ScanInteraction(0, &cassette.Interaction{Request: req, Response: resp})
	})
}
