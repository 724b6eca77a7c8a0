package cassette

import (
	"bytes"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// FuzzUnmarshal checks that no input makes Unmarshal panic, and that what
// it accepts survives Marshal and Unmarshal again.
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range []string{
		"",
		"version: 1\n",
		"# comment\nversion: 1\ninteractions: []\n",
		"version: 1\ninteractions:\n  - request: {method: GET, url: 'http://x/'}\n    response: {code: 200, body_format: json, body: '[1, 2]'}\n",
		"version: 1\ninteractions:\n  - request: {}\n    response:\n      code: 200\n      body_encoding: br\n      compression_level: 11\n      body: hi\n",
		"version: 1\ninteractions:\n  - request: {}\n    response:\n      code: 200\n      body_format: base64\n      body: |\n        AAEC\n",
		"version: 2\n",
		"version: 1\nseed: 0x2a\ninteractions: []\n",
		"version: 1\ninteractions:\n  - &a {request: {}, response: {code: 1}}\n  - *a\n",
		"version: 1\ninteractions:\n  - request:\n      headers: {X: [!!binary //4=]}\n    response: {code: 0}\n",
		"version: [1\n",
		"--- 1\n--- 2\n",
	} {
		f.Add([]byte(seed))
	}
	if golden, err := os.ReadFile("testdata/cassette.golden"); err == nil {
		f.Add(golden)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Unmarshal(data)
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("Unmarshal error is %T, want *FormatError: %v", err, err)
			}
			return
		}
		roundTrip(t, c)
	})
}

// FuzzRoundTrip checks that any body, header and comment survive Marshal
// and Unmarshal byte for byte, with and without a Content-Encoding.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("hello\n"), "X-Key", "value", "comment", uint8(0), false, int8(-1))
	f.Add([]byte(`{"a":[1,2,{"b":null}]}`), "Content-Type", "application/json", "", uint8(1), true, int8(-1))
	f.Add([]byte("\x00\x01\xff"), "\xff", "\xfe", "a\n\nb", uint8(2), true, int8(9))
	f.Add([]byte("  lead\n\n\ntrail  \n"), "k", " v ", " x ", uint8(3), true, int8(11))
	f.Add([]byte("x\r\ny\u2028z\u0085\U0001F600"), "", "", "\n", uint8(1), false, int8(0))
	f.Add([]byte("- a\n- b: c\n"), "true", "null", "#", uint8(0), false, int8(0))
	f.Add([]byte("\ttab first\n"), "X-Tab", "\tv", "\tc", uint8(0), false, int8(0))
	f.Fuzz(func(t *testing.T, body []byte, key, value, comment string, encoding uint8, compress bool, level int8) {
		if err := validComment(comment); err != nil {
			t.Skip()
		}
		wire := body
		var h http.Header
		if name := []string{"", "gzip", "deflate", "br"}[encoding%4]; name != "" {
			h = http.Header{"Content-Encoding": {name}}
			c := codecNamed(name)
			if l := int(level); compress && (l == c.defaultLevel || l >= c.minLevel && l <= c.maxLevel) {
				var err error
				if wire, err = c.encode(body, l); err != nil {
					t.Fatal(err)
				}
			}
		}
		h2 := http.Header{key: {value, ""}}
		in := &Interaction{
			RecordedAt: time.Unix(1795000000, 0).UTC(),
			Request:    Request{Method: value, URL: key, Headers: h2, Body: body},
			Response:   Response{Status: value, Code: 200, Proto: key, Headers: h, Trailers: h2, Body: wire},
		}
		c := &Cassette{Comment: comment, Interactions: []*Interaction{in}}
		data := roundTrip(t, c)
		back, _ := Unmarshal(data)
		if got := back.Interactions[0].Response.Body; !bytes.Equal(got, wire) {
			t.Fatalf("response body changed:\n%s", cmp.Diff(wire, got))
		}
	})
}
