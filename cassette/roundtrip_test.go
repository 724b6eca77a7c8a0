package cassette

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

// withBody returns a cassette of one interaction whose response has body
// and headers h.
func withBody(h http.Header, body []byte) *Cassette {
	return &Cassette{Interactions: []*Interaction{{
		RecordedAt: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC),
		Request:    Request{Method: "POST", URL: "https://api.example.com/", Headers: h, Body: body},
		Response:   Response{Status: "200 OK", Code: 200, Headers: h, Body: body},
	}}}
}

func TestTextBodies(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
	}{
		{"one line", "ok"},
		{"final newline", "line one\nline two\n"},
		{"no final newline", "line one\nline two"},
		{"several final newlines", "text\n\n\n"},
		{"only a newline", "\n"},
		{"leading newlines", "\n\nafter two blank lines\n"},
		{"leading spaces", "    indented code\nnot indented\n"},
		{"trailing spaces", "trailing   \nspaces  "},
		{"tabs", "col1\tcol2\n\tindented by a tab\n \t\n\t\n"},
		{"tab first", "\tcol1\tcol2\n"},
		{"CRLF", "HTTP-ish\r\nlines\r\n"},
		{"lone CR", "a\rb"},
		{"unicode", "héllo wörld — ✓ 日本語\n"},
		{"outside the BMP", "emoji 😀 and 𝄞\n"},
		{"line and paragraph separators", "a\u2028b\u2029c\n"},
		{"BOM", "\ufeffwith a byte order mark\n"},
		{"YAML look-alike", "key: value\n- item\n# not a comment\n---\n...\n"},
		{"YAML special words", "null"},
		{"number", "12345"},
		{"quotes", `'single' and "double" and \back\slash`},
		{"not compact JSON", "{\"a\": 1}\n"},
		{"JSON scalar", `"just a string"`},
		{"long line", strings.Repeat("word ", 1000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := roundTrip(t, withBody(nil, []byte(tc.body)))
			assert.Check(t, !bytes.Contains(data, []byte("body_format")), "a text body has no body_format:\n%s", data)
		})
	}
}

func TestTextLiteralBlock(t *testing.T) {
	data := roundTrip(t, withBody(nil, []byte("line one\nline two\n")))
	assert.Check(t, is.Contains(string(data), "      body: |\n        line one\n        line two\n"))
}

func TestJSONBodies(t *testing.T) {
	var big []int
	for i := range 5000 {
		big = append(big, i*i-2500)
	}
	bigJSON, err := json.Marshal(map[string]any{"items": big, "more": strings.Repeat("x", 10000)})
	assert.NilError(t, err)
	deep := strings.Repeat(`{"a":[`, 200) + "1" + strings.Repeat("]}", 200)

	for _, tc := range []struct {
		name string
		body string
	}{
		{"empty object", `{}`},
		{"empty array", `[]`},
		{"nested", `{"a":{"b":{"c":[1,[2,[3,{}]],[]]}},"d":[{"e":null,"f":true,"g":false}]}`},
		{"numbers", `[1e10,-0,1.0,0.1,-1.5E-7,12345678901234567890,1E+2,0e0,-0.0]`},
		{"escapes", `{"html":"\u003cscript\u003e\u0026","slash":"\/path\/","quote":"\"","bs":"\\","ctl":"\b\f\n\r\t\u0000\u001f"}`},
		{"unicode", `{"name":"héllo ✓ 日本語","escaped":"\u00e9\u2713","pair":"\ud83d\ude00"}`},
		{"raw emoji", `{"reaction":"😀"}`},
		{"raw separators", "{\"ls\":\"a\u2028b\",\"ps\":\"\u2029\"}"},
		{"strings with newlines", `{"text":"line one\nline two\n","crlf":"a\r\nb"}`},
		{"strings like YAML", `{"a: b":"# c","- d":"e: f","---":"...","|":">"}`},
		{"spaces in strings", `{"lead":"  x","trail":"x  ","only":"   "}`},
		{"duplicate keys", `{"a":1,"a":2}`},
		{"big array", string(bigJSON)},
		{"deep", deep},
		{"array of objects", `[{"id":1},{"id":2},{"id":3}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Assert(t, json.Valid([]byte(tc.body)))
			data := roundTrip(t, withBody(nil, []byte(tc.body)))
			assert.Check(t, is.Contains(string(data), "body_format: json"))
		})
	}
}

func TestJSONIndented(t *testing.T) {
	data := roundTrip(t, withBody(nil, []byte(`{"id":1,"tags":["a"]}`)))
	assert.Check(t, is.Contains(string(data), `
      body_format: json
      body: |-
        {
          "id": 1,
          "tags": [
            "a"
          ]
        }
`))
}

func TestBinaryBodies(t *testing.T) {
	random := make([]byte, 1<<20)
	rand.New(rand.NewSource(1)).Read(random)
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"random 1 MiB", random},
		{"NUL", []byte("a\x00b")},
		{"invalid UTF-8", []byte("caf\xe9")},
		{"DEL", []byte("a\x7f")},
		{"C1 control", []byte("a\u0085b")},
		{"JSON with a raw DEL", []byte("{\"a\":\"\x7f\"}")},
		{"one byte", []byte{0xff}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := roundTrip(t, withBody(nil, tc.body))
			assert.Check(t, is.Contains(string(data), "body_format: base64"))
			for _, line := range strings.Split(string(data), "\n") {
				if len(line) > 8+base64Width {
					t.Fatalf("line of %d bytes, want base64 wrapped at %d columns: %.100s...", len(line), base64Width, line)
				}
			}
		})
	}
}

// compressor returns body compressed by the encoding name at level.
type compressor func(t testing.TB, body []byte, level int) []byte

func goGzip(t testing.TB, body []byte, level int) []byte {
	return gzipped(t, string(body), level, "")
}

func goDeflate(t testing.TB, body []byte, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := zlib.NewWriterLevel(&buf, level)
	assert.NilError(t, err)
	_, err = w.Write(body)
	assert.NilError(t, err)
	assert.NilError(t, w.Close())
	return buf.Bytes()
}

func goBrotli(t testing.TB, body []byte, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, level)
	_, err := w.Write(body)
	assert.NilError(t, err)
	assert.NilError(t, w.Close())
	return buf.Bytes()
}

func TestCompressedBodies(t *testing.T) {
	text := []byte(strings.Repeat("All work and no play makes Jack a dull boy.\n", 20))
	jsonBody := []byte(`{"id":1,"text":"` + strings.Repeat("compressible ", 50) + `"}`)
	for _, enc := range []struct {
		name     string
		compress compressor
		levels   []int
		deflt    int // the default level
	}{
		{"gzip", goGzip, []int{gzip.DefaultCompression, gzip.NoCompression, gzip.BestSpeed, 4, gzip.BestCompression}, gzip.DefaultCompression},
		{"deflate", goDeflate, []int{zlib.DefaultCompression, zlib.NoCompression, zlib.BestSpeed, 5, zlib.BestCompression}, zlib.DefaultCompression},
		{"br", goBrotli, []int{brotli.DefaultCompression, 0, 1, 5, 9, 11}, brotli.DefaultCompression},
	} {
		for _, level := range enc.levels {
			for _, body := range []struct {
				name     string
				plain    []byte
				format   string
				readable string
			}{
				{"text", text, "", "\n        All work and no play makes Jack a dull boy.\n"},
				{"json", jsonBody, "body_format: json\n      ", "\n          \"text\": \"compressible compressible"},
			} {
				t.Run(fmt.Sprintf("%s/level %d/%s", enc.name, level, body.name), func(t *testing.T) {
					wire := enc.compress(t, body.plain, level)
					data := roundTrip(t, withBody(http.Header{"Content-Encoding": {enc.name}}, wire))
					// Levels that give the same bytes are equivalent: the
					// file names the first that reproduces them.
					want := "body_encoding: " + enc.name + "\n"
					if level == enc.deflt {
						want += "      " + body.format + "body: "
					}
					assert.Check(t, is.Contains(string(data), want))
					assert.Check(t, is.Contains(string(data), body.readable), "the body is stored decoded")
					assert.Check(t, !strings.Contains(string(data), "body_format: base64"))
				})
			}
		}
	}
}

func TestCompressedBodiesKeptAsSent(t *testing.T) {
	text := []byte(strings.Repeat("kept as sent\n", 100))
	named := func(t testing.TB) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Name, w.ModTime = "body.txt", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		w.Write(text)
		w.Close()
		return buf.Bytes()
	}
	rawDeflate := func(t testing.TB) []byte {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
		w.Write(text)
		w.Close()
		return buf.Bytes()
	}
	smallWindow := func(t testing.TB) []byte {
		var buf bytes.Buffer
		w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 6, LGWin: 10})
		w.Write(text)
		w.Close()
		return buf.Bytes()
	}
	flushed := func(t testing.TB) []byte {
		// A flush in the middle, as a streaming server does, changes the
		// bytes but not the window: every level is tried, and none fits.
		var buf bytes.Buffer
		w := brotli.NewWriterLevel(&buf, 5)
		w.Write(text[:len(text)/2])
		w.Flush()
		w.Write(text[len(text)/2:])
		w.Close()
		assert.Equal(t, brotliWindow(buf.Bytes()), goBrotliWindow)
		return buf.Bytes()
	}
	big := func(t testing.TB) []byte {
		random := make([]byte, searchLimit+1)
		rand.New(rand.NewSource(2)).Read(random)
		return goGzip(t, random, gzip.BestSpeed)
	}
	const notReproducible = "body kept as sent: tapedeck cannot reproduce the server's compression byte for byte"
	for _, tc := range []struct {
		name     string
		encoding string
		wire     func(testing.TB) []byte
		comment  string
	}{
		{"gzip header with name and time", "gzip", named, "# gzip " + notReproducible},
		{"raw deflate labeled deflate", "deflate", rawDeflate, "# deflate body kept as sent: it does not decode as deflate"},
		{"brotli with a small window", "br", smallWindow, "# br " + notReproducible},
		{"brotli flushed midway", "br", flushed, "# br " + notReproducible},
		{"over 1 MiB at a level other than the default", "gzip", big, "# gzip " + notReproducible},
		{"truncated gzip", "gzip", func(t testing.TB) []byte { return goGzip(t, text, 5)[:30] }, "# gzip body kept as sent: it does not decode as gzip"},
		{"plain text labeled br", "br", func(testing.TB) []byte { return text }, "# br body kept as sent: it does not decode as br"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := roundTrip(t, withBody(http.Header{"Content-Encoding": {tc.encoding}}, tc.wire(t)))
			assert.Check(t, is.Contains(string(data), tc.comment+"\n      body: "))
			assert.Check(t, !strings.Contains(string(data), "body_encoding"))
		})
	}
}

func TestCompressionNotHandled(t *testing.T) {
	wire := goGzip(t, []byte("hello"), gzip.DefaultCompression)
	for _, tc := range []struct {
		name string
		h    http.Header
	}{
		{"two encodings", http.Header{"Content-Encoding": {"gzip", "identity"}}},
		{"list in one value", http.Header{"Content-Encoding": {"gzip, br"}}},
		{"other case of the value", http.Header{"Content-Encoding": {"GZIP"}}},
		{"two spellings of the key", http.Header{"Content-Encoding": {"gzip"}, "content-encoding": {"gzip"}}},
		{"unknown encoding", http.Header{"Content-Encoding": {"zstd"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := roundTrip(t, withBody(tc.h, wire))
			assert.Check(t, !strings.Contains(string(data), "body_encoding"))
			assert.Check(t, !strings.Contains(string(data), "kept as sent"))
		})
	}
	t.Run("lower-case key", func(t *testing.T) {
		data := roundTrip(t, withBody(http.Header{"content-encoding": {"gzip"}}, wire))
		assert.Check(t, is.Contains(string(data), "body_encoding: gzip\n      body: hello\n"))
	})
}

func TestCompressedEmptyBody(t *testing.T) {
	for _, name := range []string{"gzip", "deflate", "br"} {
		t.Run(name, func(t *testing.T) {
			c := codecNamed(name)
			wire, err := c.encode(nil, c.defaultLevel)
			assert.NilError(t, err)
			data := roundTrip(t, withBody(http.Header{"Content-Encoding": {name}}, wire))
			assert.Check(t, is.Contains(string(data), "body_encoding: "+name+"\n"))
		})
	}
}

func TestEmptyBodies(t *testing.T) {
	c := &Cassette{Interactions: []*Interaction{{
		Request: Request{Method: "HEAD", URL: "https://api.example.com/big.iso", Body: []byte{}},
		Response: Response{
			Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
			Headers: http.Header{"Content-Length": {"4700000000"}},
		},
	}}}
	data := roundTrip(t, c)
	assert.Equal(t, string(data), `version: 1
interactions:
  - request:
      method: HEAD
      url: https://api.example.com/big.iso
    response:
      status: 200 OK
      code: 200
      proto: HTTP/1.1
      headers:
        Content-Length: ["4700000000"]
`)
}

func TestZeroValues(t *testing.T) {
	data := roundTrip(t, &Cassette{})
	assert.Equal(t, string(data), "version: 1\n")

	data = roundTrip(t, &Cassette{Interactions: []*Interaction{{Response: Response{Code: 200}}}})
	assert.Equal(t, string(data), "version: 1\ninteractions:\n  - request: {}\n    response:\n      code: 200\n")
}

func TestTrailers(t *testing.T) {
	c := withBody(nil, []byte("chunked body\n"))
	c.Interactions[0].Response.Headers = http.Header{"Trailer": {"X-Checksum", "X-Count"}}
	c.Interactions[0].Response.Trailers = http.Header{"X-Checksum": {"abc"}, "X-Count": {"3"}}
	data := roundTrip(t, c)
	assert.Check(t, is.Contains(string(data), "      trailers:\n        X-Checksum: [abc]\n        X-Count: [\"3\"]\n"))
}

func TestHeaders(t *testing.T) {
	h := http.Header{
		"content-type":    {"text/plain"}, // not canonical: kept as written
		"X-CUSTOM":        {"a", "b"},
		"Accept":          {"application/json", "text/*;q=0.5"},
		"X-Empty":         {},
		"X-Empty-Value":   {""},
		"X-Yaml":          {"true", "null", "1.5", "~", "- x", "a: b", "#c", "[d]", " e ", `"f"`},
		"X-Control":       {"a\x00b", "tab\there", "cr\rlf\n"},
		"X-Not-UTF-8":     {"\xff\xfe"},
		"\xff-not-utf-8":  {"key"},
		"X-Long":          {strings.Repeat("long value, ", 50)},
		"X-Unicode-Émoji": {"😀"},
	}
	c := withBody(h, nil)
	data := roundTrip(t, c)
	assert.Check(t, is.Contains(string(data), `
      headers:
        Accept: [application/json, text/*;q=0.5]
        X-CUSTOM: [a, b]
`))
	assert.Check(t, is.Contains(string(data), "        X-Not-UTF-8: [!!binary //4=]\n"))
	assert.Check(t, is.Contains(string(data), "        content-type: [text/plain]\n"))
	back, err := Unmarshal(data)
	assert.NilError(t, err)
	//lint:ignore SA1008 cassettes keep header names as written, canonical or not
	assert.DeepEqual(t, back.Interactions[0].Request.Headers["content-type"], []string{"text/plain"})
}

func TestStringsNotUTF8(t *testing.T) {
	c := &Cassette{Interactions: []*Interaction{{
		Request:  Request{Method: "G\xffT", URL: "https://example.com/caf\xe9"},
		Response: Response{Status: "200 \xff", Code: 200, Proto: "\x80"},
	}}}
	data := roundTrip(t, c)
	assert.Check(t, is.Contains(string(data), "url: !!binary aHR0cHM6Ly9leGFtcGxlLmNvbS9jYWbp\n"))
}

func TestTimes(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   time.Time
		d    time.Duration
		want string
	}{
		{"whole seconds", time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC), 84 * time.Millisecond, "recorded_at: 2026-11-23T18:00:00Z\n    duration: 84ms\n"},
		{"nanoseconds", time.Date(2026, 11, 23, 18, 0, 0, 123456789, time.UTC), time.Nanosecond, "recorded_at: 2026-11-23T18:00:00.123456789Z\n    duration: 1ns\n"},
		{"other zone, written in UTC", time.Date(2026, 11, 23, 19, 0, 0, 0, time.FixedZone("CET", 3600)), time.Hour, "recorded_at: 2026-11-23T18:00:00Z\n    duration: 1h0m0s\n"},
		{"year 0", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), 1<<63 - 1, "recorded_at: 0000-01-01T00:00:00Z\n    duration: 2562047h47m16.854775807s\n"},
		{"no duration", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), 0, "recorded_at: 9999-12-31T23:59:59Z\n    request: {}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Cassette{Interactions: []*Interaction{{RecordedAt: tc.at, Duration: tc.d, Response: Response{Code: 200}}}}
			data := roundTrip(t, c)
			assert.Check(t, is.Contains(string(data), tc.want))
		})
	}
}

func TestComment(t *testing.T) {
	for _, tc := range []struct {
		name    string
		comment string
		want    string
	}{
		{"one line", "refresh with: go test -update", "# refresh with: go test -update\nversion: 1\n"},
		{"lines", "first\n\n  indented\n#hash", "# first\n#\n#   indented\n# #hash\nversion: 1\n"},
		{"final newlines dropped", "text\n\n", "# text\nversion: 1\n"},
		{"only newlines", "\n\n", "version: 1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := roundTrip(t, &Cassette{Comment: tc.comment})
			assert.Equal(t, string(data), tc.want)
		})
	}
}

func TestReadComment(t *testing.T) {
	c, err := Unmarshal([]byte("# first block\n\n# second block\n#no space\nversion: 1\n"))
	assert.NilError(t, err)
	assert.Equal(t, c.Comment, "first block\n\nsecond block\nno space")
}

func TestDeterministic(t *testing.T) {
	h := http.Header{}
	for i := range 50 {
		h.Set(fmt.Sprintf("X-Header-%02d", i), fmt.Sprint(i))
	}
	c := withBody(h, []byte(`{"b":1,"a":2}`))
	first, err := Marshal(c)
	assert.NilError(t, err)
	for range 20 {
		again, err := Marshal(c)
		assert.NilError(t, err)
		assert.Equal(t, string(again), string(first))
	}
}

func TestMarshalErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *Cassette
		want string
	}{
		{"nil cassette", nil, "cassette: Marshal of a nil *Cassette"},
		{"nil interaction", &Cassette{Interactions: []*Interaction{{Response: Response{Code: 200}}, nil}}, "cassette: interaction 2: nil *Interaction"},
		{"negative duration", &Cassette{Interactions: []*Interaction{{Duration: -time.Hour, Request: Request{Method: "GET", URL: "https://example.com/"}, Response: Response{Code: 200}}}},
			"cassette: interaction 1 (GET https://example.com/): duration -1h0m0s is negative: a round trip takes 0s or more"},
		{"code 0", &Cassette{Interactions: []*Interaction{{Request: Request{Method: "GET", URL: "https://example.com/"}}}},
			"cassette: interaction 1 (GET https://example.com/): response code 0 is not an HTTP status code: a status code has three digits, like 200"},
		{"code 1000", &Cassette{Interactions: []*Interaction{{Response: Response{Code: 1000}}}},
			"cassette: interaction 1: response code 1000 is not an HTTP status code: a status code has three digits, like 200"},
		{"year 10000", &Cassette{Interactions: []*Interaction{{RecordedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), Response: Response{Code: 200}}}},
			"cassette: interaction 1: recorded_at 10000-01-01 00:00:00 +0000 UTC is outside the years 0 to 9999 that RFC 3339 can write"},
		{"control character in comment", &Cassette{Comment: "a\rb"}, "cassette: comment contains U+000D: a comment holds lines of text only"},
		{"comment not UTF-8", &Cassette{Comment: "\xff"}, "cassette: comment is not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Marshal(tc.c)
			assert.Error(t, err, tc.want)
		})
	}
}

// TestShortStrings round-trips every short string of the characters that
// YAML treats specially, as a body, a header value and a comment: up to
// three characters of a wide alphabet, up to five of white space and a
// letter.
func TestShortStrings(t *testing.T) {
	strs := append(
		stringsOf([]string{" ", "\n", "\t", "\r", "a", "#", ":", "-", "\"", "'", "|", "{", "\u2028", "\ufeff", "é", "😀"}, 3),
		stringsOf([]string{" ", "\n", "\t", "\r", "a"}, 5)...)
	for _, s := range strs {
		c := withBody(http.Header{"X": {s}}, []byte(s))
		if validComment(s) == nil {
			c.Comment = s
		}
		data, err := Marshal(c)
		assert.NilError(t, err)
		back, err := Unmarshal(data)
		if err != nil {
			t.Fatalf("%q: Unmarshal: %v\n%s", s, err, data)
		}
		in := back.Interactions[0]
		if string(in.Response.Body) != s || in.Response.Headers["X"][0] != s ||
			back.Comment != strings.TrimRight(c.Comment, "\n") {
			t.Fatalf("%q does not survive a round trip:\n%s", s, data)
		}
	}
}

// stringsOf returns the strings of up to n elements of alphabet.
func stringsOf(alphabet []string, n int) []string {
	all, last := []string{""}, []string{""}
	for range n {
		var next []string
		for _, s := range last {
			for _, c := range alphabet {
				next = append(next, s+c)
			}
		}
		all, last = append(all, next...), next
	}
	return all
}

// TestLargeJSONKeptCompact checks that a compact JSON body over
// compactJSONLimit is stored as sent, on one line of a literal block.
func TestLargeJSONKeptCompact(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; b.Len() <= compactJSONLimit; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"item %d"}`, i, i)
	}
	body := b.String() + "]"
	data := roundTrip(t, withBody(nil, []byte(body)))
	assert.Check(t, !strings.Contains(string(data), "body_format"))
	assert.Check(t, is.Contains(string(data), "      body: |-\n        "+body+"\n"))

	// Up to the limit, it is indented.
	small := []byte(body[:strings.LastIndex(body[:compactJSONLimit], `,{"id"`)] + "]")
	data, err := Marshal(withBody(nil, small))
	assert.NilError(t, err)
	assert.Check(t, is.Contains(string(data), "body_format: json"))
}
