package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/cassette"
)

func TestShow(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "json", args: []string{"show", "deck/users.yaml", "3"}},
		{name: "binary", args: []string{"show", "--hex-bytes", "32", "deck/users.yaml", "4"}},
		{name: "all", args: []string{"show", "deck/users.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tapedeck(t, "testdata", tt.args...)
			expect(t, r, exitOK)
			golden.Assert(t, r.stdout, filepath.Join("show", tt.name+".golden"))
		})
	}
}

// TestShowDecodesCompressedBodies shows a gzip body decoded, and a trailer.
func TestShowDecodesCompressedBodies(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte("hello, hello, hello\n"))
	zw.Close()
	dir := t.TempDir()
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{{
		RecordedAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		Request:    cassette.Request{Method: "GET", URL: "https://example.com/greeting", Headers: http.Header{"Accept-Encoding": {"gzip"}}},
		Response: cassette.Response{
			Status: "200 OK", Code: 200, Proto: "HTTP/2.0",
			Headers:  http.Header{"Content-Encoding": {"gzip"}, "Content-Type": {"text/plain"}},
			Trailers: http.Header{"X-Checksum": {"abc"}},
			Body:     zipped.Bytes(),
		},
	}}}
	assert.NilError(t, cassette.Save(afero.NewOsFs(), filepath.Join(dir, "gzip.yaml"), c))
	r := tapedeck(t, dir, "show", "gzip.yaml", "1")
	expect(t, r, exitOK)
	golden.Assert(t, r.stdout, filepath.Join("show", "gzip.golden"))
}

func TestShowErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "newer.yaml", "version: 7\ninteractions: []\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "missing file", args: []string{"show", "nope.yaml"}, code: exitProblems, stderr: "tapedeck show: nope.yaml: no such file\n"},
		{name: "newer version", args: []string{"show", "newer.yaml"}, code: exitProblems,
			stderr: "tapedeck show: newer.yaml:1: cassette version 7 is newer than this tapedeck (reads up to 1): upgrade with go get github.com/tapedeck/recorder@latest\n"},
		{name: "number out of range", args: []string{"show", "users.yaml", "6"}, code: exitUsage,
			stderr: "tapedeck show: users.yaml has 5 interactions: the number must be 1 to 5, not \"6\"\n"},
		{name: "not a number", args: []string{"show", "users.yaml", "first"}, code: exitUsage,
			stderr: "the number must be 1 to 5, not \"first\""},
	}
	copyFile(t, "testdata/deck/users.yaml", dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tapedeck(t, dir, tt.args...)
			expect(t, r, tt.code)
			assert.Assert(t, bytes.Contains([]byte(r.stderr), []byte(tt.stderr)), "stderr:\n%s", r.stderr)
		})
	}
}

func TestShowBodyFiles(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte{0, 1, 2, 3}, 9<<18) // 9 MiB of binary
	path, c := writeBodyCassette(t, dir, "fixtures/files.yaml",
		bodyCase{url: "https://api.example.com/report", contentType: "application/json", body: []byte(`{"rows":[1,2],"done":true}`)},
		bodyCase{url: "https://cdn.example.com/video.mp4", contentType: "video/mp4", body: big})
	name := func(i int) string { return c.Interactions[i].Response.BodyFile }

	r := tapedeck(t, dir, "show", "fixtures/files.yaml", "1")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, `fixtures/files.yaml:3: interaction #1 of 2
recorded 2026-11-24T12:00:00Z

GET https://api.example.com/report

HTTP/1.1 200 OK
Content-Type: application/json

(body: 26 B in fixtures/files.bodies/`+name(0)[:12]+`…)
{
  "rows": [
    1,
    2
  ],
  "done": true
}
`)

	r = tapedeck(t, dir, "show", "fixtures/files.yaml", "2")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, `fixtures/files.yaml:15: interaction #2 of 2
recorded 2026-11-24T12:00:00Z

GET https://cdn.example.com/video.mp4

HTTP/1.1 200 OK
Content-Type: video/mp4

(body: 9.4 MB in fixtures/files.bodies/`+name(1)[:12]+`…)
(not shown: larger than the 8.4 MB show reads; the file is fixtures/files.bodies/`+name(1)+`)
`)

	// A damaged file is said to be, with the exit status 1.
	assert.NilError(t, os.WriteFile(bodyFilePath(path, c, 0), []byte(`{"rows":[1,2],"done":fals}`), 0o644))
	r = tapedeck(t, dir, "show", "fixtures/files.yaml", "1")
	expect(t, r, exitProblems)
	assert.Assert(t, strings.HasSuffix(r.stdout, "…)\n(cannot be shown: see the error)\n"), r.stdout)
	assert.Equal(t, r.stderr, "tapedeck show: fixtures/files.yaml:3: interaction #1 GET https://api.example.com/report: the body file fixtures/files.bodies/"+
		name(0)+" does not hold the bytes whose SHA-256 names it (it hashes to "+sha256Hex([]byte(`{"rows":[1,2],"done":fals}`))[:12]+"...): "+
		"restore it from version control, or record the cassette again (go test -update)\n")
}
