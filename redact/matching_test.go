package redact

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// TestRedactedRequestsMatch checks the property the recorder relies on: a
// recorded request and a live one that differ only in their secrets are
// equal (method, URL, headers, body) once both are redacted, for every kind
// of filter; and redacting a redacted request changes nothing, so a cassette
// that was redacted when saved still matches.
func TestRedactedRequestsMatch(t *testing.T) {
	// req builds the same request around one secret value.
	type reqFunc func(secret string) cassette.Request
	form := hdr("Content-Type", "application/x-www-form-urlencoded")
	tests := []struct {
		name string
		opts []Option
		req  reqFunc
	}{
		{"default Authorization", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://h/", Headers: hdr("Authorization", "Bearer "+s)}
		}},
		{"default Cookie", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://h/", Headers: hdr("Cookie", "session="+s+"; theme=dark")}
		}},
		{"default token header", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://h/", Headers: hdr("X-Vault-Token", s)}
		}},
		{"default query parameter", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://h/p?api_key=" + s + "&q=1"}
		}},
		{"default userinfo", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://ann:" + s + "@h/p"}
		}},
		{"default JSON member", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "POST", URL: "https://h/login", Body: []byte(`{"user":"ann","password":"` + s + `"}`)}
		}},
		{"default form field", nil, func(s string) cassette.Request {
			return cassette.Request{Method: "POST", URL: "https://h/token", Headers: form, Body: []byte("grant_type=password&password=" + s)}
		}},
		{"Header", []Option{Header("X-Tenant")}, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://h/", Headers: hdr("X-Tenant", s)}
		}},
		{"QueryParam", []Option{QueryParam("session")}, func(s string) cassette.Request {
			return cassette.Request{Method: "GET", URL: "https://h/p?session=" + s}
		}},
		{"FormField", []Option{FormField("otp")}, func(s string) cassette.Request {
			return cassette.Request{Method: "POST", URL: "https://h/", Headers: form, Body: []byte("otp=" + s)}
		}},
		{"JSONField", []Option{JSONField("$.items[*].card")}, func(s string) cassette.Request {
			return cassette.Request{Method: "POST", URL: "https://h/", Body: []byte(`{"items":[{"card":"` + s + `"}]}`)}
		}},
		{"JSONField recursive", []Option{JSONField("$..pin")}, func(s string) cassette.Request {
			return cassette.Request{Method: "POST", URL: "https://h/", Body: []byte(`{"a":{"b":{"pin":"` + s + `"}}}`)}
		}},
		{"Pattern", []Option{Pattern(regexp.MustCompile(`acct-[0-9A-Za-z]+`), "<ACCOUNT>")}, func(s string) cassette.Request {
			return cassette.Request{Method: "POST", URL: "https://h/acct-" + s, Headers: hdr("X-Account", "acct-"+s), Body: []byte("acct-" + s)}
		}},
		{"Secret", nil, nil}, // built below: the value changes between record and replay
		{"compressed JSON body", nil, func(s string) cassette.Request {
			body := compress(t, "gzip", []byte(`{"password":"`+s+`"}`))
			return cassette.Request{Method: "POST", URL: "https://h/", Headers: hdr("Content-Encoding", "gzip", "Content-Length", strconv.Itoa(len(body))), Body: body}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var recorded, live cassette.Request
			var r *Redactor
			if tt.req == nil {
				// Secret: the test sends whatever the function returns, recorded
				// with the real key and replayed in CI with a fake one.
				value := "real-key-1"
				r = mustNew(t, Secret("<KEY>", func() string { return value }))
				recorded = cassette.Request{Method: "GET", URL: "https://h/p?k=" + value, Headers: hdr("X-Key", value)}
				recorded = r.Request(recorded)
				value = "fake-key-2"
				live = cassette.Request{Method: "GET", URL: "https://h/p?k=" + value, Headers: hdr("X-Key", value)}
			} else {
				r = mustNew(t, tt.opts...)
				recorded = r.Request(tt.req("s3cr3tvalue1"))
				live = tt.req("0therSecret2")
			}
			got := r.Request(live)
			if d := cmp.Diff(recorded, got); d != "" {
				t.Fatalf("redacted live request differs from the recorded one (-recorded +live):\n%s", d)
			}
			assert.DeepEqual(t, r.Request(recorded), recorded)
		})
	}
}
