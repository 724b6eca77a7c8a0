package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"path/filepath"
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
