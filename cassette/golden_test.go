package cassette

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gotest.tools/v3/golden"
)

// representative returns a cassette with one interaction of each kind the
// format distinguishes.
func representative(t testing.TB) *Cassette {
	t.Helper()
	at := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	seed := int64(-8167253529)
	return &Cassette{
		Comment: "tapedeck cassette; refresh with: go test -run '^TestGitHub$' -update ./pkg",
		Seed:    &seed,
		Interactions: []*Interaction{
			{
				RecordedAt: at,
				Duration:   84 * time.Millisecond,
				Request: Request{
					Method:  "GET",
					URL:     "https://api.example.com/repos/1",
					Headers: http.Header{"Accept": {"application/json"}, "Authorization": {"REDACTED"}},
				},
				Response: Response{
					Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
					Headers: http.Header{
						"Content-Type": {"application/json; charset=utf-8"},
						"Etag":         {`"v1"`},
						"Vary":         {"Accept", "Accept-Encoding"},
					},
					Body: []byte(`{"id":1,"name":"tapedeck","topics":["http","testing"],"license":null,"stars":1e3,"owner":{}}`),
				},
			},
			{
				RecordedAt: at.Add(time.Second),
				Duration:   1500 * time.Millisecond,
				Request: Request{
					Method:  "POST",
					URL:     "https://api.example.com/repos/1/issues?draft=true",
					Headers: http.Header{"Content-Type": {"application/json"}},
					Body:    []byte(`{"title":"Replay is \u003cfast\u003e","labels":[]}`),
				},
				Response: Response{
					Status: "201 Created", Code: 201, Proto: "HTTP/2.0",
					Headers: http.Header{"Content-Type": {"text/plain"}},
					Body:    []byte("created issue #7\nsee https://example.com/7\n"),
				},
			},
			{
				RecordedAt: at.Add(2 * time.Second),
				Request:    Request{Method: "GET", URL: "https://api.example.com/readme"},
				Response: Response{
					Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
					Headers: http.Header{"Content-Encoding": {"gzip"}, "Content-Type": {"text/markdown"}},
					Body:    gzipped(t, "# tapedeck\n\nRecord once, replay forever.\n", gzip.BestSpeed, ""),
				},
			},
			{
				RecordedAt: at.Add(3 * time.Second),
				Request:    Request{Method: "GET", URL: "https://api.example.com/logo.png"},
				Response: Response{
					Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
					Headers: http.Header{"Content-Type": {"image/png"}},
					Body:    []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9d\x9b\x8b\x00\x00\x00\x00IEND\xaeB`\x82"),
				},
			},
			{
				RecordedAt: at.Add(4 * time.Second),
				Request:    Request{Method: "HEAD", URL: "https://api.example.com/repos/1"},
				Response: Response{
					Status: "304 Not Modified", Code: 304, Proto: "HTTP/1.1",
					Headers: http.Header{"Etag": {`"v1"`}},
				},
			},
			{
				RecordedAt: at.Add(5 * time.Second),
				Request:    Request{Method: "GET", URL: "https://api.example.com/export"},
				Response: Response{
					Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
					Headers:  http.Header{"Content-Encoding": {"gzip"}, "Trailer": {"X-Checksum"}},
					Trailers: http.Header{"X-Checksum": {"sha256:0d1e"}},
					// A gzip header naming a file: Go's encoder never writes
					// one, so these bytes are kept as sent.
					Body: gzipped(t, "id,name\n1,tapedeck\n", gzip.DefaultCompression, "export.csv"),
				},
			},
		},
	}
}

// gzipped returns text compressed by Go's gzip writer at level, with name
// in the gzip header when it is not empty.
func gzipped(t testing.TB, text string, level int, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Name = name
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	c := representative(t)
	data := roundTrip(t, c)
	golden.Assert(t, string(data), "cassette.golden")

	// The golden file is itself a cassette that reads back as c, with each
	// interaction's line.
	back, err := Unmarshal(golden.Get(t, "cassette.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, back, cassetteOpts, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Version"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("golden cassette differs (-want +got):\n%s", diff)
	}
	var lines []int
	for _, in := range back.Interactions {
		lines = append(lines, in.Line)
	}
	if diff := cmp.Diff([]int{5, 34, 56, 73, 87, 97}, lines); diff != "" {
		t.Errorf("Interaction.Line (-want +got):\n%s", diff)
	}
}
