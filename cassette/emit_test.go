package cassette

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// checkEmit checks that the emitter writes each interaction of c, and the
// fields above them, byte for byte as the YAML library does, whenever it
// writes them, and returns how many interactions it wrote.
func checkEmit(t testing.TB, c *Cassette) (emitted int) {
	t.Helper()
	if root, err := encodeHead(c); err == nil {
		var want bytes.Buffer
		err := encodeYAML(&want, root)
		got, ok := emitHead(nil, c)
		switch {
		case ok && err != nil:
			t.Fatalf("emitHead wrote what the YAML library refuses (%v):\n%s", err, got)
		case ok && !bytes.Equal(got, want.Bytes()):
			t.Fatalf("emitHead differs from the YAML library (-yaml +emit):\n%s", cmp.Diff(want.String(), string(got)))
		}
	}
	var scratch bytes.Buffer
	for i, in := range c.Interactions {
		got, ok := emitItem(nil, in)
		if !ok {
			continue
		}
		emitted++
		want, err := encodeItem(&scratch, i, in)
		if err != nil {
			t.Fatalf("interaction %d: the emitter wrote what the YAML library refuses (%v):\n%s", i+1, err, got)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("interaction %d: the emitter differs from the YAML library (-yaml +emit):\n%s",
				i+1, cmp.Diff(string(want), string(got)))
		}
	}
	return emitted
}

// repoCassettes returns the cassettes under the testdata and fixtures
// directories of the module.
func repoCassettes(t *testing.T) map[string]*Cassette {
	t.Helper()
	found := map[string]*Cassette{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.Contains(filepath.ToSlash(path), "/testdata/") && !strings.Contains(filepath.ToSlash(path), "/fixtures/") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if c, err := Unmarshal(data); err == nil {
			found[path] = c
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestEmitRepoCassettes(t *testing.T) {
	found := repoCassettes(t)
	if len(found) < 3 {
		t.Fatalf("found %d cassettes under testdata and fixtures, want at least 3", len(found))
	}
	for path, c := range found {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			if n := checkEmit(t, c); n != len(c.Interactions) {
				t.Errorf("the emitter wrote %d of %d interactions", n, len(c.Interactions))
			}
		})
	}
}

// TestEmitTakesCommonShapes checks that the emitter, not the YAML
// library, writes the interactions that tests record most.
func TestEmitTakesCommonShapes(t *testing.T) {
	for name, c := range map[string]*Cassette{
		"representative": representative(t),
		"benchmark":      benchCassette(t, 100),
	} {
		t.Run(name, func(t *testing.T) {
			if n := checkEmit(t, c); n != len(c.Interactions) {
				t.Errorf("the emitter wrote %d of %d interactions", n, len(c.Interactions))
			}
			if _, ok := emitHead(nil, c); !ok {
				t.Error("the emitter did not write the head")
			}
		})
	}
}

func TestEmitEdgeCases(t *testing.T) {
	at := time.Date(2026, 11, 23, 18, 0, 0, 123000000, time.UTC)
	texts := []string{
		"", " ", "a", "null", "Null", "~", "true", "no", "yes", "on", "<<", "12", "-12", "+1", "0x1F", "0o17", "0b101",
		"-0b1", "-0o7", "1_000", "1e3", "1.5", ".5", "5.", ".inf", "-.inf", ".nan", ".x", "2026-11-23", "2026-11-23T18:00:00Z",
		"2026-1-2 3:4:5", "12:30", "1:2:3", "- a", "-a", "? x", "?x", ": x", ":x", "a: b", "a:b", "a #b", "a#b", "#x",
		"[x]", "{x}", "a,b", "x]", "'q'", `"q"`, "it's", `back\slash`, "tab\there", "\tlead", "trail ", " lead",
		"---", "...", "--- x", "a\nb", "a\n", "a\n\n", "\n", "\n\na", " a\nb", "a \nb", "a\n b", "a\r\nb", "a\rb",
		"é", "日本", "😀", "\ufeffbom", "x\ufeff", "\u0085", "a\u00a0b", "\u2028", "a\u2029b", "\x7f", "\x00", "\x1b[0m",
		"\xff", strings.Repeat("k", 129), "580µs", "W/\"abc\"", "Mon, 02 Jan 2026 15:04:05 GMT", "text/html; charset=utf-8",
		"@at", "`tick", "%pct", "&amp", "*star", "!bang", "|pipe", ">gt",
		"http://x:80/a?b=c#d", "a:", "a :b", "a# b", "k:v,w", "1:2", "0x1F:2", "a  b", "a'b,c", `a"b:c`, "~x", "<<x",
		"y", "Y", "on", "Off", "NULL", "True", "1_0", "+.5", "-1:2", "2026-12-02T14:50:51Z", strings.Repeat("k", 128),
	}
	var list []*Interaction
	for _, s := range texts {
		list = append(list, &Interaction{
			RecordedAt: at,
			Duration:   1500 * time.Microsecond,
			Request: Request{Method: s, URL: s, Headers: http.Header{s: {s, "", "x"}, "K": {}},
				Body: []byte(s)},
			Response: Response{Status: s, Code: 200, Proto: s, Headers: http.Header{"Content-Type": {s}},
				Trailers: http.Header{s: {s}}, Body: []byte(s)},
		})
	}
	list = append(list,
		&Interaction{Response: Response{Code: 200}},
		&Interaction{Request: Request{Method: "GET"}, Response: Response{Code: 999,
			Headers: http.Header{"Content-Type": {"text/event-stream"}},
			Body:    []byte("data: 1\n\nevent: x\ndata: 2\n\n"), EventTimes: []time.Duration{time.Millisecond, 2 * time.Second}}},
		&Interaction{Request: Request{Method: "GET"}, Response: Response{Code: 200,
			Body: []byte("abcdef"), Chunks: []Chunk{{Size: 2, At: time.Millisecond}, {Size: 4, At: time.Minute}}}},
	)
	seed := int64(-42)
	c := &Cassette{Comment: "line one\n\n\tline three ", Seed: &seed, Interactions: list,
		Redact: &Redaction{Headers: []string{"X-Token", "a b", "null", "#x"}, JSON: []string{"$.token"}}}
	n := checkEmit(t, c)
	t.Logf("emitted %d of %d", n, len(list))
	if n < len(list)/2 {
		t.Errorf("the emitter wrote only %d of %d interactions", n, len(list))
	}
	roundTrip(t, c)
}

// FuzzEmit checks that the emitter writes any interaction as the YAML
// library does, when it writes it.
func FuzzEmit(f *testing.F) {
	f.Add([]byte("hello\n"), "X-Key", "value", "comment", "GET", uint8(0), int64(0))
	f.Add([]byte(`{"a":[1,2,{"b":null}]}`), "Content-Type", "application/json", "", "POST", uint8(1), int64(1))
	f.Add([]byte("\x00\x01\xff"), "\xff", "\xfe", "a\n\nb", "", uint8(2), int64(2))
	f.Add([]byte("  lead\n\n\ntrail  \n"), "k", " v ", " x ", "1", uint8(3), int64(3))
	f.Add([]byte("x\r\ny\u2028z\u0085\U0001F600"), "", "", "\n", "null", uint8(4), int64(4))
	f.Add([]byte("- a\n- b: c\n"), "true", "null", "#", "a: b", uint8(5), int64(5))
	f.Add([]byte("data: x\n\n"), "X-Tab", "\tv", "\tc", "it's", uint8(6), int64(6))
	f.Add([]byte("foo\n..."), "X", "...", "", "---", uint8(7), int64(7))
	f.Fuzz(func(t *testing.T, body []byte, key, value, comment, method string, kind uint8, n int64) {
		h := http.Header{key: {value, method}}
		resp := Response{Status: value, Code: 100 + int(uint64(n)%900), Proto: method, Headers: http.Header{}, Body: body}
		switch kind % 8 {
		case 1:
			resp.Headers.Set("Content-Type", "application/json")
		case 2:
			resp.Headers.Set("Content-Encoding", "gzip")
			resp.Body = gzipped(t, string(body), int(uint64(n)%10), "")
		case 3:
			resp.Trailers = h
		case 4:
			resp.Headers.Set("Content-Type", "text/event-stream")
			resp.EventTimes = []time.Duration{time.Duration(n)}
		case 5:
			if len(body) > 1 {
				resp.Chunks = []Chunk{{Size: 1, At: time.Duration(n)}, {Size: len(body) - 1, At: time.Duration(n) + 1}}
			}
		case 6:
			resp.Headers.Set("Content-Encoding", "br")
		}
		in := &Interaction{
			RecordedAt: time.Unix(n%(1<<35), n%1e9).UTC(),
			Duration:   time.Duration(n),
			Request:    Request{Method: method, URL: value, Headers: h, Body: body},
			Response:   resp,
		}
		c := &Cassette{Comment: comment, Interactions: []*Interaction{in, in}}
		if n%3 == 0 {
			c.Seed = &n
		}
		if kind&8 != 0 {
			c.Redact = &Redaction{Headers: []string{key, value}}
		}
		checkEmit(t, c)
		// Marshal, which joins the items, is the library's one document.
		if data, err := Marshal(c); err == nil {
			checkWhole(t, c, data)
		}
	})
}

// TestDocumentEndOnlyAfterTheLastItem checks that Marshal removes the
// document end marker of items other than the last, and only the marker: a
// body whose last line is "..." keeps it.
func TestDocumentEndOnlyAfterTheLastItem(t *testing.T) {
	for _, body := range []string{"foo\n...", "foo\n...\n", "...\n\n", "a\n\n"} {
		t.Run(body, func(t *testing.T) {
			list := []*Interaction{
				{Response: Response{Code: 200, Body: []byte(body)}},
				{Response: Response{Code: 200, Body: []byte(body)}},
			}
			roundTrip(t, &Cassette{Interactions: list})
			long := &Cassette{}
			for range 2 * itemsPerWorker {
				long.Interactions = append(long.Interactions, list[0])
			}
			roundTrip(t, long)
		})
	}
}

// checkBody checks that the emitter writes the body fields of wire, the
// body of a message with headers h, as it writes the nodes appendBody
// builds, and that both are what the YAML library writes for the
// interaction that holds it.
func checkBody(t *testing.T, h http.Header, wire []byte) {
	t.Helper()
	var fast, nodes emitter
	encoded := false
	for k := range h {
		encoded = encoded || strings.EqualFold(k, "Content-Encoding")
	}
	okFast, okNodes := fast.body(h, encoded, wire, 6), nodes.bodyNodes(h, wire, 6)
	if okFast != okNodes || fast.keep != nodes.keep || !bytes.Equal(fast.buf, nodes.buf) {
		t.Fatalf("body %q: the emitter writes (%v, keep %v) from nodes and (%v, keep %v) itself (-nodes +itself):\n%s",
			wire, okNodes, nodes.keep, okFast, fast.keep, cmp.Diff(string(nodes.buf), string(fast.buf)))
	}
	checkEmit(t, &Cassette{Interactions: []*Interaction{
		{Request: Request{Method: "POST", Headers: h, Body: wire}, Response: Response{Code: 200, Headers: h, Body: wire}},
	}})
}

// jsonBodies are JSON bodies and near misses for the emitter's JSON writer.
var jsonBodies = []string{
	`{"a":1}`, `[1,-0.5e+10,0,-0,1E5,2e-3,true,false,null]`, `{"a":{"b":[]},"c":{},"d":[{}]}`,
	`["q\"b\\s\/b\bf\fn\nr\rt\t\u00e9\uABCD"]`, `{"é":"日本","x":"\u00a0 ü"}`, "{\"a\":\"\u2028\"}",
	"[\"\ufeff\"]", `["😀"]`, "[\"\u0085\"]", "[\"\ufffd\ufffe\"]", "[\"\x7f\"]", `{}`, `[]`, `[0]`,
	`[01]`, `[1.]`, `[.5]`, `[-]`, `[1e]`, `[1e+]`, `[+1]`, `{"a" :1}`, `{"a": 1}`, `[1,]`, `{,}`, `{"a"}`,
	`{"a":}`, `{1:2}`, `[tru]`, `[nul]`, `[true`, `["\x"]`, `["\u12"]`, `["\u12G4"]`, `["a`, `[1] `, `[1]x`,
	`[1][2]`, "[\"a\tb\"]", `[[[[[[[[[[1]]]]]]]]]]`, strings.Repeat("[", 300) + strings.Repeat("]", 300),
	strings.Repeat("[", 257) + "1" + strings.Repeat("]", 257), `{"a":[1,{"b":"c, d: e #f"}],"g":"- h"}`,
	"[\"a\xffb\"]", "{\"a\":\"b\"}\n", " {}", `{"a":"b",}`,
}

func TestEmitBody(t *testing.T) {
	bodies := append([]string{"hello", "hello\n", "\ttab", "a: b\n", "\x00\x01binary\xff", strings.Repeat("x", 200),
		strings.Repeat("\x00\x01\x02", 19), strings.Repeat("\x00\x01\x02", 20), "\x00", "{not json", "[1, 2]"},
		jsonBodies...)
	for _, body := range bodies {
		checkBody(t, nil, []byte(body))
		checkBody(t, http.Header{"Content-Type": {"application/json"}}, []byte(body))
		checkBody(t, http.Header{"content-encoding": {"identity"}}, []byte(body))
	}
}

// TestEmitJSONBlock checks that appendJSONBlock writes exactly the lines
// of indentJSON, indented, and only for what indentJSON takes; and that it
// takes the common JSON, ASCII, not deeply nested.
func TestEmitJSONBlock(t *testing.T) {
	for _, body := range jsonBodies {
		checkJSONBlock(t, []byte(body))
	}
	for _, body := range []string{`{"a":1}`, `[1,-0.5e+10,0,-0,1E5,2e-3,true,false,null]`, `{"a":{"b":[]},"c":{},"d":[{}]}`,
		`["q\"b\\s\/b\bf\fn\nr\rt\t\u00e9\uABCD"]`, `{"é":"日本","x":"\u00a0 ü"}`} {
		if _, ok := appendJSONBlock(nil, []byte(body), 2); !ok {
			t.Errorf("appendJSONBlock does not write %s", body)
		}
	}
}

// checkJSONBlock checks appendJSONBlock on b against indentJSON.
func checkJSONBlock(t *testing.T, b []byte) {
	t.Helper()
	got, ok := appendJSONBlock([]byte("x"), b, 4)
	if !ok {
		return
	}
	indented, valid := indentJSON(b)
	if !valid {
		t.Fatalf("appendJSONBlock writes %q, which indentJSON refuses, as:\n%s", b, got)
	}
	want := "x"
	for line := range strings.SplitSeq(string(indented), "\n") {
		want += "    " + line + "\n"
	}
	if string(got) != want {
		t.Fatalf("appendJSONBlock(%q) differs from indentJSON (-indentJSON +appendJSONBlock):\n%s", b, cmp.Diff(want, string(got)))
	}
}

// FuzzBodyEmitter checks the emitter's own writing of bodies, JSON above
// all, against the nodes appendBody builds and the YAML library.
func FuzzBodyEmitter(f *testing.F) {
	for _, body := range jsonBodies {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkJSONBlock(t, body)
		checkBody(t, nil, body)
	})
}

// TestEmitTimesAndDurations checks the recorded_at and duration that the
// emitter writes without asking how yaml writes them, against the YAML
// library: the edges of the years it takes, of fractions of a second,
// and of the units of a duration.
func TestEmitTimesAndDurations(t *testing.T) {
	times := []time.Time{
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2026, 2, 28, 1, 2, 3, 1, time.UTC), time.Date(2024, 2, 29, 12, 0, 0, 100000000, time.UTC),
		time.Date(2026, 12, 2, 14, 50, 51, 120000, time.FixedZone("x", -7*3600)), time.Unix(0, 0),
	}
	durations := []time.Duration{1, 999, time.Microsecond, 1500 * time.Microsecond, time.Second, 90 * time.Minute,
		time.Hour + time.Nanosecond, 1<<63 - 1}
	c := &Cassette{}
	for _, at := range times {
		for _, d := range durations {
			c.Interactions = append(c.Interactions, &Interaction{RecordedAt: at, Duration: d, Response: Response{Code: 200}})
		}
	}
	if n := checkEmit(t, c); n != len(c.Interactions) {
		t.Errorf("the emitter wrote %d of %d interactions", n, len(c.Interactions))
	}
}

// TestEmitGeneratedJSON checks appendJSONBlock against indentJSON on
// random JSON documents, nested objects and arrays of every kind of value,
// strings with escapes and characters from all of Unicode, and that it
// writes every one whose strings yaml keeps in a literal block.
func TestEmitGeneratedJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	runes := []rune{'a', 'Z', '0', ' ', '"', '\\', '/', '<', '&', '\n', '\t', 0x01, 0x7f, 0x85, 0xa0, 0xe9, 0x2028,
		0xfeff, 0xfffd, 0xfffe, 0x65e5, 0x1f600}
	text := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		return b.String()
	}
	var value func(depth int) any
	value = func(depth int) any {
		switch k := r.IntN(8); {
		case k == 0 && depth < 6:
			m := map[string]any{}
			for range r.IntN(4) {
				m[text()] = value(depth + 1)
			}
			return m
		case k == 1 && depth < 6:
			list := make([]any, r.IntN(4))
			for i := range list {
				list[i] = value(depth + 1)
			}
			return list
		case k == 2:
			return r.NormFloat64() * float64(r.IntN(1e6))
		case k == 3:
			return r.IntN(3) == 0
		case k == 4:
			return nil
		default:
			return text()
		}
	}
	written := 0
	for i := range 3000 {
		v := value(0)
		if r.IntN(2) == 0 {
			v = []any{v}
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		checkJSONBlock(t, b)
		if i%10 == 0 {
			checkBody(t, nil, b) // and the library, for those it does not write
		}
		if _, ok := appendJSONBlock(nil, b, 2); ok {
			written++
		}
	}
	t.Logf("appendJSONBlock wrote %d of 3000 documents", written)
	if written < 1000 {
		t.Errorf("appendJSONBlock wrote %d of 3000 documents, want most", written)
	}
}
