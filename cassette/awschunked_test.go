package cassette

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

// chunkedBody frames payload as the AWS SDK for Go v2 does: in chunks of
// size bytes (0: one chunk), then a CRC32 trailer.
func chunkedBody(t *testing.T, payload string, size int, trailers ...string) []byte {
	t.Helper()
	ch := &awsChunks{size: size}
	for _, name := range trailers {
		ch.trailers = append(ch.trailers, awsTrailer{name: name, computed: true})
	}
	b, err := ch.encode([]byte(payload))
	assert.NilError(t, err)
	return b
}

func TestAWSChunkedFraming(t *testing.T) {
	// The SDK's documented example: "Hello world" with a SHA-256 trailer.
	got := chunkedBody(t, "Hello world", 0, "x-amz-checksum-sha256")
	assert.Equal(t, string(got), "b\r\nHello world\r\n0\r\nx-amz-checksum-sha256:ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=\r\n\r\n")

	// CRC-64/NVME's check value for "123456789" is 0xae8b14860a799888.
	sum, ok := awsChecksum("x-amz-checksum-crc64nvme", []byte("123456789"))
	assert.Assert(t, ok)
	assert.Equal(t, sum, "rosUhgp5mIg=")
}

func TestAWSChunkedRoundTrip(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 9000) // 144000 bytes: three chunks of 64 KiB
	tests := []struct {
		name      string
		wire      []byte
		wantYAML  []string
		keptAsSet bool
	}{
		{name: "one chunk, crc32", wire: chunkedBody(t, "hello, upload\n", 0, "x-amz-checksum-crc32"),
			wantYAML: []string{"body_encoding: aws-chunked", "aws_trailer: x-amz-checksum-crc32", "hello, upload"}},
		{name: "64 KiB chunks", wire: chunkedBody(t, big, 64<<10, "x-amz-checksum-crc32c"),
			wantYAML: []string{"aws_chunk_size: 65536", "aws_trailer: x-amz-checksum-crc32c"}},
		{name: "no trailer, empty", wire: []byte("0\r\n\r\n"), wantYAML: []string{"body_encoding: aws-chunked"}},
		{name: "two trailers", wire: chunkedBody(t, `{"a":1}`, 0, "x-amz-checksum-sha1", "x-amz-checksum-crc64nvme"),
			wantYAML: []string{"aws_trailer: x-amz-checksum-sha1,x-amz-checksum-crc64nvme", "body_format: json"}},
		{name: "wrong checksum", wire: []byte("2\r\nhi\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"),
			wantYAML: []string{"# aws-chunked body kept as sent: its trailer x-amz-checksum-crc32 is not a checksum of the body"}, keptAsSet: true},
		{name: "signed chunks", wire: []byte("2;chunk-signature=ab12\r\nhi\r\n0;chunk-signature=cd34\r\n\r\n"),
			wantYAML: []string{"# aws-chunked body kept as sent: signed aws-chunked chunks"}, keptAsSet: true},
		{name: "upper-case length", wire: []byte("A\r\n0123456789\r\n0\r\n\r\n"),
			wantYAML: []string{"# aws-chunked body kept as sent: tapedeck cannot frame it again byte for byte"}, keptAsSet: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Interaction{
				RecordedAt: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC),
				Request: Request{Method: "PUT", URL: "https://s3.example/b/k", Headers: http.Header{
					"Content-Encoding": {"aws-chunked"}, "Content-Length": {strconv.Itoa(len(tt.wire))},
				}, Body: tt.wire},
				Response: Response{Code: 200, Status: "200 OK"},
			}
			data := roundTrip(t, &Cassette{Interactions: []*Interaction{in}})
			for _, want := range tt.wantYAML {
				assert.Assert(t, strings.Contains(string(data), want), "want %q in\n%s", want, data)
			}
			assert.Equal(t, !strings.Contains(string(data), "body_encoding: aws-chunked"), tt.keptAsSet, "%s", data)
		})
	}
}

func TestAWSChunkedDecodeErrors(t *testing.T) {
	tests := []struct{ name, wire, want string }{
		{"no CRLF", "5", "chunk header does not end in CRLF"},
		{"not hex", "zz\r\n", `chunk length "zz" is not hexadecimal`},
		{"short", "9\r\nabc\r\n", "chunk of 9 bytes is cut short"},
		{"no end", "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AA==\r\n", "trailers do not end in an empty line"},
		{"trailer without colon", "0\r\nnonsense\r\n\r\n", "has no colon"},
		{"after trailers", "0\r\n\r\nmore", "goes on after its trailers"},
		{"signed trailer", "0\r\nx-amz-trailer-signature:ab\r\n\r\n", "signed aws-chunked trailers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeContent(http.Header{"Content-Encoding": {"aws-chunked"}}, []byte(tt.wire))
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestAWSChunkedFieldErrors(t *testing.T) {
	base := "version: 1\ninteractions:\n  - request:\n      method: PUT\n      url: https://h/\n%s    response:\n      status: 200 OK\n"
	tests := []struct{ name, body, want string }{
		{"trailer without encoding", "      aws_trailer: x-amz-checksum-crc32\n      body: hi\n", "line 6: aws_trailer without body_encoding: aws-chunked"},
		{"unknown checksum", "      body_encoding: aws-chunked\n      aws_trailer: x-amz-meta\n      body: hi\n", `line 7: aws_trailer "x-amz-meta" is not a checksum tapedeck computes`},
		{"bad chunk size", "      body_encoding: aws-chunked\n      aws_chunk_size: 0\n      body: hi\n", "line 7: aws_chunk_size 0 is not a chunk length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Unmarshal([]byte(strings.Replace(base, "%s", tt.body, 1)))
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestCodingsEncodeRedoesEveryStep(t *testing.T) {
	h := http.Header{"Content-Encoding": {"gzip, aws-chunked"}}
	wire := chunkedBody(t, string(gzipText(t, "secret=1")), 0, "x-amz-checksum-crc32")
	plain, cs, err := DecodeContent(h, wire)
	assert.NilError(t, err)
	assert.Equal(t, string(plain), "secret=1")
	assert.Equal(t, cs.Len(), 2)
	again, err := cs.Encode([]byte("secret=REDACTED"))
	assert.NilError(t, err)
	back, _, err := DecodeContent(h, again)
	assert.NilError(t, err)
	assert.Equal(t, string(back), "secret=REDACTED")
	assert.Assert(t, !bytes.Equal(again, wire))
}
