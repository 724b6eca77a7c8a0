package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gotest.tools/v3/assert"
)

// TestHostileInputs feeds Unmarshal files built to hurt a YAML loader and
// checks that each is refused with a *FormatError that names a line, in
// bounded time.
func TestHostileInputs(t *testing.T) {
	billionLaughs := func() string {
		var b strings.Builder
		b.WriteString("version: 1\nseed: 1\ninteractions:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n")
		for i := 1; i < 10; i++ {
			fmt.Fprintf(&b, "  - &a%d [", i)
			for j := range 10 {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "*a%d", i-1)
			}
			b.WriteString("]\n")
		}
		return b.String()
	}()
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"alias bomb", billionLaughs, "line 5: alias *a0: cassettes do not use YAML aliases, write the value out in full"},
		{"alias bomb in a header", "version: 1\ninteractions:\n  - request:\n      headers: {A: &v [x], B: *v}\n    response: {code: 200}\n",
			"line 4: alias *v: cassettes do not use YAML aliases, write the value out in full"},
		{"merge key", "version: 1\ninteractions:\n  - &i {request: {}, response: {code: 200}}\n  - <<: *i\n",
			"line 4: alias *i: cassettes do not use YAML aliases, write the value out in full"},
		{"deep flow nesting", "version: 1\ninteractions: " + strings.Repeat("[", 100000) + "\n",
			"line 2: invalid YAML: exceeded max depth of 10000"},
		{"deep flow mapping nesting", "version: 1\ninteractions: " + strings.Repeat("{a: ", 100000) + "\n",
			"line 2: invalid YAML: exceeded max depth of 10000"},
		{"deep block nesting", "version: 1\ninteractions:\n" + strings.Repeat("- ", 100000) + "x\n",
			"line 3: invalid YAML: exceeded max depth of 10000"},
		{"invalid UTF-8 in a body", replace(t, "      body: ok\n", "      body: |\n        fine\n        caf\xe9\n"),
			"line 12: column 12: byte 0xe9 is not valid UTF-8: a cassette is UTF-8 text; store bytes that are not with body_format: base64 or !!binary"},
		{"invalid UTF-8 in a comment", "# caf\xc3\n" + interaction,
			"line 1: column 6: byte 0xc3 is not valid UTF-8: a cassette is UTF-8 text; store bytes that are not with body_format: base64 or !!binary"},
		{"surrogate half", "version: 1\nseed: \xed\xa0\x80\n",
			"line 2: column 7: byte 0xed is not valid UTF-8: a cassette is UTF-8 text; store bytes that are not with body_format: base64 or !!binary"},
		{"NUL in a key", "version: 1\nse\x00ed: 1\n",
			`line 2: column 3: the control character U+0000 cannot appear in a YAML file: write it as an escape in a double-quoted string ("\x00"), or store the body with body_format: base64`},
		{"DEL", interaction + "\x7f",
			`line 11: column 1: the control character U+007F cannot appear in a YAML file: write it as an escape in a double-quoted string ("\x7f"), or store the body with body_format: base64`},
		{"duplicate version", "version: 1\nversion: 1\n", `line 2: field "version" appears twice in the cassette`},
		{"duplicate interactions", "version: 1\ninteractions: []\ninteractions: []\n", `line 3: field "interactions" appears twice in the cassette`},
		{"duplicate request", replace(t, "    response:\n", "    request: {}\n    response:\n"), `line 8: field "request" appears twice in interaction`},
		{"duplicate url", replace(t, "      url: https://api.example.com/\n", "      url: https://api.example.com/\n      url: https://example.com/\n"), `line 8: field "url" appears twice in request`},
		{"version too big", "version: 99999999999999999999\n", `line 1: version: want an integer like 1, got "99999999999999999999"`},
		{"negative version", "version: -1\n", `line 1: version -1 is not a cassette version: versions start at 1, write "version: 1"`},
		{"code out of range", replace(t, "code: 200", "code: 2000"), "line 9: code 2000 is not an HTTP status code: a status code has three digits, like 200"},
		{"duration too long", replace(t, "84ms", "9999999999h"), `line 4: duration "9999999999h" is not a duration like 84ms or 1.5s`},
		{"duration negative", replace(t, "84ms", "-1ns"), "line 4: duration -1ns is negative: a round trip takes 0s or more"},
		{"year 10000", replace(t, "2026-11-23T18:00:00Z", "10000-01-01T00:00:00Z"), `line 3: recorded_at "10000-01-01T00:00:00Z" is not an RFC 3339 time like 2026-11-23T18:00:00Z`},
		{"compression_level huge", replace(t, "      body: ok\n", "      headers:\n        Content-Encoding: [gzip]\n      body_encoding: gzip\n      compression_level: 99999999999999999999\n      body: ok\n"),
			`line 13: compression_level: want an integer like 9, got "99999999999999999999"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			c, err := Unmarshal([]byte(tc.in))
			assert.Error(t, err, tc.want)
			assert.Check(t, c == nil)
			var fe *FormatError
			assert.Assert(t, errors.As(err, &fe), "error is %T, want *FormatError", err)
			assert.Check(t, fe.Line > 0, "no line in %v", err)
			assert.Check(t, time.Since(start) < 10*time.Second, "took %v", time.Since(start))
		})
	}
}

// hugeLine is the length of the line in the tests of long lines: 200 MB.
const hugeLine = 200 << 20

// TestHugeLines loads files with a 200 MB line and checks that the error
// names the line, and that loading allocates at most a few times the
// line: a 200 MB line must not need gigabytes.
func TestHugeLines(t *testing.T) {
	skipHuge(t)
	long := strings.Repeat("a", hugeLine)
	for _, tc := range []struct {
		name     string
		in       func() []byte
		want     string
		maxAlloc int // bytes allocated by Unmarshal, at most
	}{
		{"a body on one line, then a bad code", func() []byte {
			return []byte(strings.Replace(replace(t, "code: 200", "code: 99"), "body: ok", "body: "+long, 1))
		}, "line 9: code 99 is not an HTTP status code: a status code has three digits, like 200", 3 * hugeLine},
		{"a body on one line, then a bad field", func() []byte {
			return []byte(strings.Replace(interaction, "body: ok", "body: "+long, 1) + "    extra: 1\n")
		}, `line 11: unknown field "extra" in interaction: the fields are recorded_at, duration, request, response`, 3 * hugeLine},
		{"an unclosed quote", func() []byte {
			return []byte("version: 1\nseed: \"" + long + "\n")
		}, "line 2: this line is 200 MiB long, and the file is not in the form tapedeck writes, which is the only form read with lines over 32 MiB " +
			"(the general YAML reader needs several times a line's size in memory): save the cassette with tapedeck, or break the line", hugeLine / 4},
		{"invalid UTF-8 at the end of the line", func() []byte {
			return []byte(strings.Replace(interaction, "body: ok", "body: "+long+"\xff", 1))
		}, fmt.Sprintf("line 10: column %d: byte 0xff is not valid UTF-8: a cassette is UTF-8 text; store bytes that are not with body_format: base64 or !!binary", hugeLine+13), hugeLine / 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.in()
			start := time.Now()
			before := allocated()
			c, err := Unmarshal(data)
			alloc := allocated() - before
			assert.Error(t, err, tc.want)
			assert.Check(t, c == nil)
			assert.Check(t, alloc <= uint64(tc.maxAlloc), "Unmarshal allocated %d MiB for a %d MiB line", alloc>>20, hugeLine>>20)
			assert.Check(t, time.Since(start) < 60*time.Second, "took %v", time.Since(start))
			t.Logf("allocated %d MiB in %v", alloc>>20, time.Since(start))
		})
	}
}

// TestHugeLineLoads loads a valid cassette whose body is one 200 MB line.
func TestHugeLineLoads(t *testing.T) {
	skipHuge(t)
	data := []byte(strings.Replace(interaction, "body: ok", "body: "+strings.Repeat("a", hugeLine), 1))
	before := allocated()
	c, err := Unmarshal(data)
	alloc := allocated() - before
	assert.NilError(t, err)
	assert.Check(t, bytes.Equal(c.Interactions[0].Response.Body, data[bytes.Index(data, []byte("aaa")):len(data)-1]))
	assert.Check(t, alloc <= 3*hugeLine, "Unmarshal allocated %d MiB for a %d MiB line", alloc>>20, hugeLine>>20)
	t.Logf("allocated %d MiB", alloc>>20)
}

// allocated returns the bytes allocated so far by the process.
func allocated() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// FuzzCheckChars checks checkChars against a byte-by-byte reading of the
// characters YAML allows.
func FuzzCheckChars(f *testing.F) {
	f.Add([]byte("version: 1\n\x0b"))
	f.Add([]byte("\n\x0b\t\r\x7f\x80é\U0001F600"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := checkChars(data) == nil
		want := true
		for _, r := range string(data) {
			if !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7e || r == 0x85 ||
				r >= 0xa0 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000) {
				want = false // utf8.RuneError (0xfffd) for invalid UTF-8 is caught below
			}
		}
		if !utf8.Valid(data) {
			want = false
		}
		if got != want {
			t.Fatalf("checkChars(%q) accepts: %v, want %v", data, got, want)
		}
	})
}

// skipHuge skips a test of 200 MB lines in -short mode and under the race
// detector (which takes gigabytes for them); .ci/run runs them without it.
func skipHuge(t *testing.T) {
	t.Helper()
	switch {
	case testing.Short():
		t.Skip("allocates about 1 GB")
	case raceEnabled:
		t.Skip("takes gigabytes under the race detector; .ci/run runs it without -race")
	}
}
