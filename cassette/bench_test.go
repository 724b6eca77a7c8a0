package cassette

import (
	"compress/gzip"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// benchCassette returns a cassette of n interactions like an API test
// records: JSON responses of about 1 KiB with a dozen headers; every tenth
// response gzip-compressed by Go and every twentieth binary.
func benchCassette(b testing.TB, n int) *Cassette {
	c := &Cassette{Comment: "benchmark"}
	at := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	for i := range n {
		body := []byte(fmt.Sprintf(`{"id":%d,"name":"repo-%d","description":%q,"topics":["http","testing","go"],"owner":{"login":"tapedeck","id":42,"site_admin":false},"stats":{"stars":%d,"forks":%d,"open_issues":3},"urls":{"html":"https://example.com/tapedeck/repo-%d","api":"https://api.example.com/repos/%d"}}`,
			i, i, strings.Repeat("A repository used to measure cassette encoding. ", 12), i*7, i*3, i, i))
		h := http.Header{
			"Content-Type":          {"application/json; charset=utf-8"},
			"Cache-Control":         {"private, max-age=60, s-maxage=60"},
			"Etag":                  {fmt.Sprintf(`W/"%032x"`, i)},
			"Last-Modified":         {"Mon, 23 Nov 2026 18:00:00 GMT"},
			"Vary":                  {"Accept", "Authorization", "Cookie"},
			"X-Ratelimit-Limit":     {"5000"},
			"X-Ratelimit-Remaining": {fmt.Sprint(5000 - i)},
			"X-Github-Request-Id":   {fmt.Sprintf("CAFE:%04X:%06X", i, i*31)},
			"Date":                  {"Mon, 23 Nov 2026 18:00:00 GMT"},
		}
		switch {
		case i%20 == 0:
			h["Content-Type"] = []string{"application/octet-stream"}
			body = []byte(strings.Repeat("\x00\x01\x02binary\xff", 100))
		case i%10 == 0:
			h["Content-Encoding"] = []string{"gzip"}
			body = gzipped(b, string(body), gzip.DefaultCompression, "")
		}
		c.Interactions = append(c.Interactions, &Interaction{
			RecordedAt: at.Add(time.Duration(i) * time.Second),
			Duration:   time.Duration(50+i%100) * time.Millisecond,
			Request: Request{
				Method:  "GET",
				URL:     fmt.Sprintf("https://api.example.com/repos/%d", i),
				Headers: http.Header{"Accept": {"application/json"}, "User-Agent": {"tapedeck-test"}},
			},
			Response: Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1", Headers: h, Body: body},
		})
	}
	return c
}

func BenchmarkMarshal(b *testing.B) {
	c := benchCassette(b, 1000)
	data, err := Marshal(c)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	data, err := Marshal(benchCassette(b, 1000))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Unmarshal(data); err != nil {
			b.Fatal(err)
		}
	}
}

// largeJSONCassette returns n interactions with compact JSON bodies of
// about size bytes each.
func largeJSONCassette(n, size int) *Cassette {
	c := &Cassette{}
	for i := range n {
		var b strings.Builder
		b.WriteString(`{"items":[`)
		for j := 0; b.Len() < size; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":%d,"name":"item %d of response %d","tags":["a","b"],"ok":true}`, j, j, i)
		}
		b.WriteString("]}")
		c.Interactions = append(c.Interactions, &Interaction{
			Request: Request{Method: "GET", URL: fmt.Sprintf("https://api.example.com/items/%d", i)},
			Response: Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(b.String())},
		})
	}
	return c
}

// BenchmarkUnmarshalLargeJSON loads 100 compact JSON bodies of 1 MiB,
// stored as sent (over compactJSONLimit).
func BenchmarkUnmarshalLargeJSON(b *testing.B) {
	data, err := Marshal(largeJSONCassette(100, 1<<20))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Unmarshal(data); err != nil {
			b.Fatal(err)
		}
	}
}

// smallCassette is the cassette a test that makes one request saves: the
// one recorder.BenchmarkRecordAndSave writes.
func smallCassette() *Cassette {
	return &Cassette{Interactions: []*Interaction{{
		RecordedAt: time.Date(2026, 12, 2, 14, 50, 51, 0, time.UTC),
		Duration:   580 * time.Microsecond,
		Request:    Request{Method: "GET", URL: "http://127.0.0.1:43473/repos/1"},
		Response: Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
			Headers: http.Header{"Content-Length": {"65"}, "Content-Type": {"application/json"},
				"Date": {"Wed, 02 Dec 2026 14:50:51 GMT"}},
			Body: []byte(`{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`)},
	}}}
}

// BenchmarkMarshalSmall marshals a cassette of one interaction, what a
// test of one request saves at its end.
func BenchmarkMarshalSmall(b *testing.B) {
	c := smallCassette()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveSmall saves a cassette of one interaction to a new file in
// memory, what a test of one request does at its end.
func BenchmarkSaveSmall(b *testing.B) {
	c := smallCassette()
	b.ReportAllocs()
	for b.Loop() {
		if err := Save(afero.NewMemMapFs(), "bench.yaml", c); err != nil {
			b.Fatal(err)
		}
	}
}
