package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// A bodyCase is one interaction of a cassette written by writeBodyCassette:
// a GET of url answered with body, kept in a body file unless inline.
type bodyCase struct {
	url         string
	contentType string
	body        []byte
	inline      bool
}

// writeBodyCassette writes the cassette name under dir, one interaction
// per case, the bodies of those not inline in body files beside it, as a
// recorder would, and returns its path and the cassette.
func writeBodyCassette(t *testing.T, dir, name string, cases ...bodyCase) (string, *cassette.Cassette) {
	t.Helper()
	path := filepath.Join(dir, name)
	assert.NilError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	c := &cassette.Cassette{Version: cassette.Version}
	for _, bc := range cases {
		in := &cassette.Interaction{
			RecordedAt: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC),
			Request:    cassette.Request{Method: "GET", URL: bc.url},
			Response: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
				Headers: http.Header{"Content-Type": {bc.contentType}}},
		}
		if bc.inline {
			in.Response.Body = bc.body
		} else {
			in.Response.BodyFile, in.Response.BodySize = writeBodyFile(t, path, bc.body)
		}
		c.Interactions = append(c.Interactions, in)
	}
	assert.NilError(t, cassette.Save(afero.NewOsFs(), path, c))
	back, err := cassette.Load(afero.NewOsFs(), path)
	assert.NilError(t, err)
	return path, back
}

// writeBodyFile writes body as a body file of the cassette at path and
// returns its name and size.
func writeBodyFile(t *testing.T, path string, body []byte) (string, int64) {
	t.Helper()
	w, err := cassette.CreateBody(afero.NewOsFs(), path)
	assert.NilError(t, err)
	_, err = w.Write(body)
	assert.NilError(t, err)
	name, n, err := w.Commit()
	assert.NilError(t, err)
	return name, n
}

// bodyFilePath is the body file of interaction i of c, the cassette at path.
func bodyFilePath(path string, c *cassette.Cassette, i int) string {
	return cassette.BodyPath(path, &c.Interactions[i].Response)
}

// largeText is a text body of about n bytes, lines of words.
func largeText(n int) []byte {
	line := "the quick brown fox jumps over the lazy dog\n"
	return []byte(strings.Repeat(line, n/len(line)+1)[:n])
}

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		str  string
	}{
		{"1MiB", 1 << 20, "1MiB"},
		{"1mib", 1 << 20, "1MiB"},
		{"512KiB", 512 << 10, "512KiB"},
		{"1.5MiB", 3 << 19, "1536KiB"},
		{"64MB", 64e6, "62500KiB"},
		{"2 GiB", 2 << 30, "2GiB"},
		{"1000", 1000, "1000"},
		{"0", 0, "0"},
		{"10kB", 10000, "10000"},
		{"7B", 7, "7"},
	} {
		var b byteSize
		assert.NilError(t, b.Set(tc.in), tc.in)
		assert.Equal(t, int64(b), tc.want, tc.in)
		assert.Equal(t, b.String(), tc.str, tc.in)
	}
	for _, bad := range []string{"", "MiB", "-1", "1XB", "nan", "inf", "1e30GiB"} {
		var b byteSize
		assert.ErrorContains(t, b.Set(bad), "want a size such as 1MiB", bad)
	}
}
