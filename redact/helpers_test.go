package redact

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/andybalholm/brotli"
	"gotest.tools/v3/assert"
)

// mustNew builds a Redactor or fails the test.
func mustNew(t testing.TB, opts ...Option) *Redactor {
	t.Helper()
	r, err := New(opts...)
	assert.NilError(t, err)
	return r
}

// hdr builds a header from name/value pairs.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// compress encodes b with one Content-Encoding ("deflate-raw" for a bare
// DEFLATE stream).
func compress(t testing.TB, enc string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch enc {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "deflate":
		w = zlib.NewWriter(&buf)
	case "deflate-raw":
		fw, err := flate.NewWriter(&buf, flate.BestSpeed)
		assert.NilError(t, err)
		w = fw
	case "br":
		w = brotli.NewWriter(&buf)
	default:
		t.Fatalf("unknown encoding %q", enc)
	}
	_, err := w.Write(b)
	assert.NilError(t, err)
	assert.NilError(t, w.Close())
	return buf.Bytes()
}

// decompress decodes b as the header says, or fails the test.
func decompress(t testing.TB, h http.Header, b []byte) []byte {
	t.Helper()
	out, _, err := decodeBody(h, b)
	assert.NilError(t, err)
	return out
}

// regexpMust compiles a test expression.
func regexpMust(expr string) *regexp.Regexp { return regexp.MustCompile(expr) }
