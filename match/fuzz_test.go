package match

import (
	"net/http"
	"testing"

	"github.com/tapedeck/recorder/cassette"
)

// FuzzBodyMatchers feeds arbitrary bodies and Content-Types to the body
// matchers: none may panic, every request matches itself, Match is
// symmetric, and requests that match have equal keys.
func FuzzBodyMatchers(f *testing.F) {
	f.Add("application/json", `{"a":1,"b":[1,2]}`, "", `{ "b": [1,2], "a": 1 }`)
	f.Add("application/x-www-form-urlencoded", "a=1&b=2&a=0", "application/x-www-form-urlencoded", "b=2&a=0&a=1")
	f.Add("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n",
		"multipart/form-data; boundary=y", "--y\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--y--\r\n")
	f.Add("text/plain", "hello", "application/json", "[1,2]")
	matchers := []Keyer{
		Body(), ExactBody(), JSON(), JSON(IgnorePaths("$..id", "$[*]"), IgnoreArrayOrder()),
		Form(IgnoreParams("ts")), Multipart(), Query(), Headers(), Default(),
	}
	f.Fuzz(func(t *testing.T, ctA, bodyA, ctB, bodyB string) {
		a := &cassette.Request{Method: "POST", URL: "https://h/?" + bodyA, Headers: http.Header{"Content-Type": {ctA}}, Body: []byte(bodyA)}
		b := &cassette.Request{Method: "POST", URL: "https://h/?" + bodyB, Headers: http.Header{"Content-Type": {ctB}}, Body: []byte(bodyB)}
		for _, m := range matchers {
			if err := m.Match(a, a); err != nil {
				t.Fatalf("%T: a request does not match itself: %v", m, err)
			}
			ab, ba := m.Match(a, b), m.Match(b, a)
			if (ab == nil) != (ba == nil) {
				t.Fatalf("%T: Match is not symmetric: %v / %v", m, ab, ba)
			}
			if ab == nil && key(m, a) != key(m, b) {
				t.Fatalf("%T: matching requests have different keys", m)
			}
			if ab != nil && len(Explain(ab)) == 0 {
				t.Fatalf("%T: a mismatch that explains nothing", m)
			}
		}
	})
}
