package expiry

import (
	"net/http"
	"testing"
	"time"
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
