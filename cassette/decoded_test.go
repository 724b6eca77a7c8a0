package cassette

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"testing"

	"gotest.tools/v3/assert"
)

func gzipText(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(s))
	assert.NilError(t, err)
	assert.NilError(t, zw.Close())
	return buf.Bytes()
}

// awsChunk frames b as one aws-chunked chunk without trailers.
func awsChunk(b []byte) []byte {
	return append(append([]byte(strconv.FormatInt(int64(len(b)), 16)+"\r\n"), b...), "\r\n0\r\n\r\n"...)
}

func TestDecodedBody(t *testing.T) {
	zipped := gzipText(t, "hello, world\n")
	tests := []struct {
		name         string
		header       http.Header
		body         []byte
		want         string
		wantEncoding string
		wantErr      string
	}{
		{name: "no encoding", header: http.Header{"Content-Type": {"text/plain"}}, body: []byte("plain"), want: "plain"},
		{name: "identity", header: http.Header{"Content-Encoding": {"identity"}}, body: []byte("plain"), want: "plain"},
		{name: "gzip", header: http.Header{"Content-Encoding": {"gzip"}}, body: zipped, want: "hello, world\n", wantEncoding: "gzip"},
		{name: "header name as written", header: http.Header{"content-encoding": {"GZIP"}}, body: zipped, want: "hello, world\n", wantEncoding: "gzip"},
		{name: "empty body", header: http.Header{"Content-Encoding": {"gzip"}}, body: nil, want: ""},
		{name: "unknown encoding", header: http.Header{"Content-Encoding": {"zstd"}}, body: []byte("zz"), want: "zz",
			wantEncoding: "zstd", wantErr: `cannot decode Content-Encoding "zstd": tapedeck decodes only gzip, deflate, br and aws-chunked`},
		{name: "two encodings", header: http.Header{"Content-Encoding": {"gzip", "aws-chunked"}}, body: awsChunk(zipped),
			want: "hello, world\n", wantEncoding: "gzip,aws-chunked"},
		{name: "two encodings, one corrupt", header: http.Header{"Content-Encoding": {"br,gzip"}}, body: zipped, want: string(zipped),
			wantEncoding: "br,gzip", wantErr: `cannot decode Content-Encoding "br"`},
		{name: "aws-chunked", header: http.Header{"Content-Encoding": {"aws-chunked"}}, body: []byte("5\r\nhello\r\n0\r\n\r\n"),
			want: "hello", wantEncoding: "aws-chunked"},
		{name: "corrupt", header: http.Header{"Content-Encoding": {"gzip"}}, body: []byte("not gzip"), want: "not gzip",
			wantEncoding: "gzip", wantErr: `cannot decode Content-Encoding "gzip"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, encoding, err := DecodedBody(tt.header, tt.body)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
			} else {
				assert.NilError(t, err)
			}
			assert.Equal(t, string(got), tt.want)
			assert.Equal(t, encoding, tt.wantEncoding)
		})
	}
}
