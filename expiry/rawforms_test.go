package expiry

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

// parsedForms is what rule matching sees for raw through url.Parse, the
// slow path rawForms must agree with.
func parsedForms(raw string) (path, full string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", "", false
	}
	path, full = matchForms(u)
	return path, full, true
}

func TestRawForms(t *testing.T) {
	for _, tc := range []struct {
		raw, path, full string
		fast            bool
	}{
		{"https://api.example.com/items/1", "api.example.com/items/1", "", true},
		{"https://api.example.com/items/1?expand=owner&x=1", "api.example.com/items/1", "api.example.com/items/1?expand=owner&x=1", true},
		{"http://127.0.0.1:8080/a/b;c=d", "127.0.0.1:8080/a/b;c=d", "", true},
		{"https://api.example.com/x?", "api.example.com/x", "", true},
		{"https://API.example.com/x", "api.example.com/x", "", false},
		{"https://api.example.com:443/x", "api.example.com/x", "", false},
		{"http://api.example.com:80/x?q", "api.example.com/x", "api.example.com/x?q", false},
		{"https://api.example.com", "api.example.com/", "", false},
		{"https://api.example.com/a%20b", "api.example.com/a%20b", "", false},
		{"https://api.example.com/a b", "api.example.com/a%20b", "", false},
		{"https://user@api.example.com/x", "api.example.com/x", "", false},
		{"https://api.example.com/x#frag", "api.example.com/x", "", false},
		{"HTTPS://api.example.com/x", "api.example.com/x", "", false},
		{"  https://api.example.com/x  ", "api.example.com/x", "", false},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			path, full, fast := rawForms(tc.raw)
			assert.Equal(t, fast, tc.fast)
			if !fast {
				var ok bool
				path, full, ok = parsedForms(tc.raw)
				assert.Assert(t, ok)
			}
			assert.Equal(t, path, tc.path)
			assert.Equal(t, full, tc.full)
		})
	}
}

// TestRawFormsAgreesWithParse builds many URLs from pieces that sit on the
// fast path's edges (case, ports, escapes, spaces, control bytes, user
// info, fragments): wherever rawForms answers, url.Parse must parse the
// URL and give the same forms.
func TestRawFormsAgreesWithParse(t *testing.T) {
	schemes := []string{"https://", "http://", "HTTP://", "ftp://", "https:/", ""}
	hosts := []string{"api.example.com", "API.example.com", "h:80", "h:443", "h:8080", "h:", "h:8x", "u@h", "[::1]:8080", "", "h-1.x"}
	pieces := []string{"/", "a", "%20", "%zz", " ", "\x01", "\x7f", "é", "!", "'", "(", "*", ";", "=", ":", "@", "[", "]", "|", "\\", "?", "#", "&", "q=1", "%", "+", "~"}
	safe := []string{"a", "/", "1", "-", ".", "q=1", "&"}
	r := rand.New(rand.NewPCG(7, 11))
	fast := 0
	for range 200000 {
		var b strings.Builder
		b.WriteString(schemes[r.IntN(len(schemes))])
		b.WriteString(hosts[r.IntN(len(hosts))])
		if r.IntN(5) > 0 {
			b.WriteString("/")
		}
		for range r.IntN(8) {
			if r.IntN(2) == 0 {
				b.WriteString(safe[r.IntN(len(safe))]) // keep many URLs on the fast path
			} else {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
		}
		raw := b.String()
		path, full, ok := rawForms(raw)
		if !ok {
			continue
		}
		fast++
		wantPath, wantFull, parsed := parsedForms(raw)
		if !parsed {
			t.Fatalf("rawForms(%q) answered, but url.Parse fails", raw)
		}
		if path != wantPath || full != wantFull {
			t.Fatalf("rawForms(%q) = %q, %q; through url.Parse: %q, %q", raw, path, full, wantPath, wantFull)
		}
	}
	if fast < 1000 {
		t.Fatalf("only %d generated URLs took the fast path; the test no longer tests it", fast)
	}
}
