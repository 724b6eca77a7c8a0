package loadbench

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/tapedeck/recorder/cassette"
	"go.yaml.in/yaml/v4"
	vcr "gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// interactions is the number of interactions in the cassettes: 10,000
// when benchmarks run, 500 for the test alone (which CI runs under the race
// detector).
var interactions = 10000

// tapedeckCassette returns the benchmark's interactions.
func tapedeckCassette(n int) *cassette.Cassette {
	c := &cassette.Cassette{Comment: "benchmark"}
	at := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	for i := range n {
		body := fmt.Sprintf(`{"id":%d,"name":"repo-%d","description":%q,"topics":["http","testing","go"],"owner":{"login":"tapedeck","id":42,"site_admin":false},"stats":{"stars":%d,"forks":%d,"open_issues":3},"urls":{"html":"https://example.com/tapedeck/repo-%d","api":"https://api.example.com/repos/%d"}}`,
			i, i, strings.Repeat("A repository used to measure cassette loading. ", 14), i*7, i*3, i, i)
		c.Interactions = append(c.Interactions, &cassette.Interaction{
			RecordedAt: at.Add(time.Duration(i) * time.Second),
			Duration:   time.Duration(50+i%100) * time.Millisecond,
			Request: cassette.Request{
				Method:  "GET",
				URL:     fmt.Sprintf("https://api.example.com/repos/%d", i),
				Headers: http.Header{"Accept": {"application/json"}, "User-Agent": {"tapedeck-test"}},
			},
			Response: cassette.Response{
				Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{
					"Content-Type":          {"application/json; charset=utf-8"},
					"Cache-Control":         {"private, max-age=60, s-maxage=60"},
					"Etag":                  {fmt.Sprintf(`W/"%032x"`, i)},
					"Last-Modified":         {"Mon, 23 Nov 2026 18:00:00 GMT"},
					"Vary":                  {"Accept", "Authorization", "Cookie"},
					"X-Ratelimit-Limit":     {"5000"},
					"X-Ratelimit-Remaining": {fmt.Sprint(5000 - i%5000)},
					"X-Github-Request-Id":   {fmt.Sprintf("CAFE:%04X:%06X", i, i*31)},
					"Date":                  {"Mon, 23 Nov 2026 18:00:00 GMT"},
					"Content-Length":        {fmt.Sprint(len(body))},
				},
				Body: []byte(body),
			},
		})
	}
	return c
}

// files holds the benchmark cassette in each format, written once.
var files struct {
	dir                    string
	tapedeck, vcr, jsonDoc string
	size                   map[string]int64
}

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		interactions = 500
	}
	dir, err := os.MkdirTemp("", "loadbench")
	if err != nil {
		panic(err)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		if err := writeFiles(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

func writeFiles(dir string) error {
	c := tapedeckCassette(interactions)
	files.dir = dir
	files.size = map[string]int64{}
	files.tapedeck = filepath.Join(dir, "tapedeck.yaml")
	if err := cassette.Save(afero.NewOsFs(), files.tapedeck, c); err != nil {
		return err
	}
	vc := vcr.New(filepath.Join(dir, "vcr"))
	vc.MarshalFunc = yaml.Marshal // what go-vcr's recorder uses
	for _, in := range c.Interactions {
		vc.AddInteraction(&vcr.Interaction{
			Request: vcr.Request{
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: "api.example.com",
				Headers: in.Request.Headers, URL: in.Request.URL, Method: in.Request.Method,
			},
			Response: vcr.Response{
				Proto: in.Response.Proto, ProtoMajor: 1, ProtoMinor: 1, ContentLength: int64(len(in.Response.Body)),
				Body: string(in.Response.Body), Headers: in.Response.Headers,
				Status: in.Response.Status, Code: in.Response.Code, Duration: in.Duration,
			},
		})
	}
	if err := vc.Save(); err != nil {
		return err
	}
	files.vcr = filepath.Join(dir, "vcr")
	doc := jsonCassette{Version: 1}
	for _, in := range c.Interactions {
		doc.Interactions = append(doc.Interactions, jsonInteraction{
			RecordedAt: in.RecordedAt.Format(time.RFC3339Nano),
			Duration:   in.Duration.String(),
			Request:    jsonMessage{Method: in.Request.Method, URL: in.Request.URL, Headers: in.Request.Headers},
			Response: jsonMessage{Status: in.Response.Status, Code: in.Response.Code, Proto: in.Response.Proto,
				Headers: in.Response.Headers, Body: string(in.Response.Body)},
		})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	files.jsonDoc = filepath.Join(dir, "cassette.json")
	if err := os.WriteFile(files.jsonDoc, data, 0o644); err != nil {
		return err
	}
	for name, path := range map[string]string{"tapedeck": files.tapedeck, "vcr": files.vcr + ".yaml", "json": files.jsonDoc} {
		fi, err := os.Stat(path)
		if err != nil {
			return err
		}
		files.size[name] = fi.Size()
	}
	return nil
}

// jsonCassette is the tapedeck format's fields, as encoding/json reads
// them: the baseline of what decoding the same data costs without YAML.
type jsonCassette struct {
	Version      int               `json:"version"`
	Interactions []jsonInteraction `json:"interactions"`
}

type jsonInteraction struct {
	RecordedAt string      `json:"recorded_at"`
	Duration   string      `json:"duration"`
	Request    jsonMessage `json:"request"`
	Response   jsonMessage `json:"response"`
}

type jsonMessage struct {
	Method  string      `json:"method,omitempty"`
	URL     string      `json:"url,omitempty"`
	Status  string      `json:"status,omitempty"`
	Code    int         `json:"code,omitempty"`
	Proto   string      `json:"proto,omitempty"`
	Headers http.Header `json:"headers,omitempty"`
	Body    string      `json:"body,omitempty"`
}

// run times load and reports, besides ns/op and B/op, file-B (the size of
// the file) and alloc/file (bytes allocated per byte of file, an upper
// bound of the peak memory a load adds).
func run(b *testing.B, name string, load func() (int, error)) {
	b.ReportAllocs()
	b.SetBytes(files.size[name])
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		n, err := load()
		if err != nil {
			b.Fatal(err)
		}
		if n != interactions {
			b.Fatalf("loaded %d interactions, want %d", n, interactions)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(files.size[name]), "file-B")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(files.size[name]), "alloc/file")
}

func BenchmarkLoad(b *testing.B) {
	b.Run("tapedeck", func(b *testing.B) {
		fs := afero.NewOsFs()
		run(b, "tapedeck", func() (int, error) {
			c, err := cassette.Load(fs, files.tapedeck)
			if err != nil {
				return 0, err
			}
			return len(c.Interactions), nil
		})
	})
	b.Run("go-vcr", func(b *testing.B) {
		run(b, "vcr", func() (int, error) {
			c, err := vcr.Load(files.vcr)
			if err != nil {
				return 0, err
			}
			return len(c.Interactions), nil
		})
	})
	b.Run("json", func(b *testing.B) {
		run(b, "json", func() (int, error) {
			data, err := os.ReadFile(files.jsonDoc)
			if err != nil {
				return 0, err
			}
			var c jsonCassette
			if err := json.Unmarshal(data, &c); err != nil {
				return 0, err
			}
			return len(c.Interactions), nil
		})
	})
}

// TestSameData checks that the three files hold the same interactions, so
// that the benchmark compares like with like.
func TestSameData(t *testing.T) {
	c, err := cassette.Load(afero.NewOsFs(), files.tapedeck)
	if err != nil {
		t.Fatal(err)
	}
	vc, err := vcr.Load(files.vcr)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(files.jsonDoc)
	if err != nil {
		t.Fatal(err)
	}
	var jc jsonCassette
	if err := json.Unmarshal(data, &jc); err != nil {
		t.Fatal(err)
	}
	if len(c.Interactions) != interactions || len(vc.Interactions) != interactions || len(jc.Interactions) != interactions {
		t.Fatalf("interactions: tapedeck %d, go-vcr %d, json %d", len(c.Interactions), len(vc.Interactions), len(jc.Interactions))
	}
	for i, in := range c.Interactions {
		v, j := vc.Interactions[i], jc.Interactions[i]
		if string(in.Response.Body) != v.Response.Body || string(in.Response.Body) != j.Response.Body ||
			in.Request.URL != v.Request.URL || in.Request.URL != j.Request.URL {
			t.Fatalf("interaction %d differs between the files", i)
		}
	}
}

// BenchmarkSave times writing the same interactions: cassette.Marshal
// (what Save writes), go-vcr's YAML encoding (what its Save writes) and
// encoding/json. It reports the bytes written as file-B.
func BenchmarkSave(b *testing.B) {
	c, err := cassette.Load(afero.NewOsFs(), files.tapedeck)
	if err != nil {
		b.Fatal(err)
	}
	vc, err := vcr.Load(files.vcr)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(files.jsonDoc)
	if err != nil {
		b.Fatal(err)
	}
	var jc jsonCassette
	if err := json.Unmarshal(data, &jc); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		marshal func() ([]byte, error)
	}{
		{"tapedeck", func() ([]byte, error) { return cassette.Marshal(c) }},
		{"go-vcr", func() ([]byte, error) { return yaml.Marshal(vc) }},
		{"json", func() ([]byte, error) { return json.Marshal(&jc) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				out, err := tc.marshal()
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.SetBytes(int64(n))
			b.ReportMetric(float64(n), "file-B")
		})
	}
}
