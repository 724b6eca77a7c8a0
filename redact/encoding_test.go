package redact

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

func TestCompressedBodies(t *testing.T) {
	const plain = `{"id":1,"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a"}`
	const want = `{"id":1,"access_token":"REDACTED"}`
	tests := []struct {
		name     string
		encoding string // Content-Encoding header
		layers   []string
	}{
		{"gzip", "gzip", []string{"gzip"}},
		{"x-gzip", "x-gzip", []string{"gzip"}},
		{"deflate (zlib)", "deflate", []string{"deflate"}},
		{"deflate (raw)", "deflate", []string{"deflate-raw"}},
		{"br", "br", []string{"br"}},
		{"stacked", "deflate, br", []string{"deflate", "br"}},
		{"case and identity", "identity, GZIP", []string{"gzip"}},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wire := []byte(plain)
			for _, l := range tt.layers {
				wire = compress(t, l, wire)
			}
			h := hdr("Content-Encoding", tt.encoding, "Content-Length", strconv.Itoa(len(wire)))
			got := r.Response(cassette.Response{Code: 200, Headers: h, Body: wire})
			assert.Equal(t, string(decompress(t, got.Headers, got.Body)), want)
			assert.Equal(t, got.Headers.Get("Content-Length"), strconv.Itoa(len(got.Body)))
			assert.Equal(t, got.Headers.Get("Content-Encoding"), tt.encoding)

			again := r.Response(got)
			assert.Assert(t, bytes.Equal(again.Body, got.Body), "redacting twice must not re-encode")
		})
	}
}

func TestUnchangedCompressedBodyKeepsItsBytes(t *testing.T) {
	wire := compress(t, "gzip", []byte(`{"id":1}`))
	got := Default().Response(cassette.Response{Code: 200, Headers: hdr("Content-Encoding", "gzip"), Body: wire})
	assert.Assert(t, bytes.Equal(got.Body, wire))
}

func TestUndecodableBodyIsLeftAlone(t *testing.T) {
	gz := compress(t, "gzip", []byte(`{"password":"x"}`))
	tests := []struct {
		name, encoding string
		body           []byte
	}{
		{"unknown encoding", "zstd", []byte(`{"password":"x"}`)},
		{"corrupt gzip", "gzip", []byte(`{"password":"x"}`)},
		{"truncated gzip", "gzip", gz[:len(gz)-6]},
		{"corrupt br", "br", []byte{0xff, 0xff, 0xff}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cassette.Response{Code: 200, Headers: hdr("Content-Encoding", tt.encoding), Body: tt.body}
			got := Default().Response(in)
			assert.Assert(t, bytes.Equal(got.Body, tt.body))
		})
	}
}

func TestCompressedRequestBody(t *testing.T) {
	wire := compress(t, "gzip", []byte("user=ann&password=hunter2"))
	in := cassette.Request{Method: "POST", URL: "https://h/", Headers: hdr("Content-Type", "application/x-www-form-urlencoded", "Content-Encoding", "gzip"), Body: wire}
	got := Default().Request(in)
	assert.Equal(t, string(decompress(t, got.Headers, got.Body)), "user=ann&password=REDACTED")
}
