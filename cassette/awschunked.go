package cassette

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"net/http"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// awsChunkedName is the Content-Encoding of S3's streaming uploads: the
// body is sent as chunks, each preceded by its length in hex, then a
// zero-length chunk and trailing headers that carry the body's checksum
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
// The AWS SDKs send it for PutObject over https with their default
// checksums.
const awsChunkedName = "aws-chunked"

// The cassette fields of an aws-chunked body, besides body_encoding:
// aws_trailer names the trailing checksums (as X-Amz-Trailer lists them),
// whose values are computed from the body on load; aws_chunk_size is the
// length of every chunk but the last, left out when the body is one chunk.
const (
	fieldAWSTrailer   = "aws_trailer"
	fieldAWSChunkSize = "aws_chunk_size"
)

// awsChunkedFields are the body fields this file adds.
var awsChunkedFields = []string{fieldAWSTrailer, fieldAWSChunkSize}

// awsChunks is the framing of an aws-chunked body.
type awsChunks struct {
	// size is the length of every chunk but the last; 0 when the body is
	// one chunk.
	size int
	// sizes lists the chunk lengths when they follow no such rule.
	sizes    []int
	trailers []awsTrailer
}

// An awsTrailer is one trailing header of an aws-chunked body.
type awsTrailer struct {
	name, value string
	// computed says the value is the checksum of the body that name names,
	// so a changed body gets the new checksum.
	computed bool
}

// parseAWSChunked reads an aws-chunked body and returns its framing and
// payload. Signed chunks (with a chunk-signature extension) are an error:
// their signatures would have to be stored, and a payload that changed
// could not be signed again.
func parseAWSChunked(data []byte) (*awsChunks, []byte, error) {
	ch := &awsChunks{}
	var plain []byte
	var sizes []int
	rest := data
	for {
		line, after, ok := bytes.Cut(rest, []byte("\r\n"))
		if !ok {
			return nil, nil, errors.New("an aws-chunked chunk header does not end in CRLF")
		}
		if bytes.IndexByte(line, ';') >= 0 {
			return nil, nil, errors.New("signed aws-chunked chunks (chunk-signature) are not decoded; " +
				"send the upload with an unsigned payload (STREAMING-UNSIGNED-PAYLOAD-TRAILER), as the AWS SDKs do over https")
		}
		n, err := strconv.ParseUint(string(line), 16, 31)
		if err != nil || len(line) == 0 {
			return nil, nil, fmt.Errorf("aws-chunked chunk length %q is not hexadecimal", line)
		}
		rest = after
		if n == 0 {
			break
		}
		if uint64(len(rest)) < n+2 || string(rest[n:n+2]) != "\r\n" {
			return nil, nil, fmt.Errorf("an aws-chunked chunk of %d bytes is cut short", n)
		}
		if len(plain)+int(n) > maxDecoded {
			return nil, nil, errTooLarge
		}
		plain = append(plain, rest[:n]...)
		sizes = append(sizes, int(n))
		rest = rest[n+2:]
	}
	for {
		line, after, ok := bytes.Cut(rest, []byte("\r\n"))
		if !ok {
			return nil, nil, errors.New("the aws-chunked trailers do not end in an empty line")
		}
		rest = after
		if len(line) == 0 {
			break
		}
		name, value, ok := strings.Cut(string(line), ":")
		if !ok {
			return nil, nil, fmt.Errorf("aws-chunked trailer %q has no colon", line)
		}
		if strings.EqualFold(name, "x-amz-trailer-signature") {
			return nil, nil, errors.New("signed aws-chunked trailers (x-amz-trailer-signature) are not decoded")
		}
		t := awsTrailer{name: name, value: value}
		if sum, ok := awsChecksum(name, plain); ok && sum == value {
			t.computed = true
		}
		ch.trailers = append(ch.trailers, t)
	}
	if len(rest) != 0 {
		return nil, nil, errors.New("the aws-chunked body goes on after its trailers")
	}
	switch {
	case len(sizes) <= 1:
	case regularChunks(sizes):
		ch.size = sizes[0]
	default:
		ch.sizes = sizes
	}
	if plain == nil {
		plain = []byte{}
	}
	return ch, plain, nil
}

// regularChunks reports whether every chunk but the last has the length of
// the first, and the last is no longer.
func regularChunks(sizes []int) bool {
	for _, n := range sizes[1 : len(sizes)-1] {
		if n != sizes[0] {
			return false
		}
	}
	return sizes[len(sizes)-1] <= sizes[0]
}

// encode frames plain as ch says, with computed trailers computed anew.
func (ch *awsChunks) encode(plain []byte) ([]byte, error) {
	var b bytes.Buffer
	chunk := func(p []byte) {
		b.WriteString(strconv.FormatInt(int64(len(p)), 16))
		b.WriteString("\r\n")
		b.Write(p)
		b.WriteString("\r\n")
	}
	switch {
	case ch.sizes != nil:
		total := 0
		for _, n := range ch.sizes {
			total += n
		}
		if total != len(plain) {
			return nil, fmt.Errorf("the body is %d bytes, its recorded aws-chunked chunks %d", len(plain), total)
		}
		rest := plain
		for _, n := range ch.sizes {
			chunk(rest[:n])
			rest = rest[n:]
		}
	case ch.size > 0:
		for rest := plain; len(rest) > 0; {
			n := min(ch.size, len(rest))
			chunk(rest[:n])
			rest = rest[n:]
		}
	case len(plain) > 0:
		chunk(plain)
	}
	b.WriteString("0\r\n")
	for _, t := range ch.trailers {
		value := t.value
		if t.computed {
			value, _ = awsChecksum(t.name, plain)
		}
		b.WriteString(t.name + ":" + value + "\r\n")
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// crc64NVME is the CRC-64/NVME table, the polynomial of S3's CRC64NVME
// checksum in the reversed form hash/crc64 takes.
var crc64NVME = crc64.MakeTable(0x9a6c9329ac4bc9b5)

// awsChecksum returns the base64 checksum of plain that the trailer name
// carries (x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1, -sha256), and
// false for any other trailer.
func awsChecksum(name string, plain []byte) (string, bool) {
	var h hash.Hash
	switch strings.ToLower(name) {
	case "x-amz-checksum-crc32":
		h = crc32.NewIEEE()
	case "x-amz-checksum-crc32c":
		h = crc32.New(crc32.MakeTable(crc32.Castagnoli))
	case "x-amz-checksum-crc64nvme":
		sum := crc64.Checksum(plain, crc64NVME)
		return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint64(nil, sum)), true
	case "x-amz-checksum-sha1":
		h = sha1.New()
	case "x-amz-checksum-sha256":
		h = sha256.New()
	default:
		return "", false
	}
	h.Write(plain)
	return base64.StdEncoding.EncodeToString(h.Sum(nil)), true
}

// isAWSChunked reports whether h's Content-Encoding is exactly aws-chunked,
// the one form the file stores decoded.
func isAWSChunked(h http.Header) bool {
	names := contentCodings(h)
	return len(names) == 1 && names[0] == awsChunkedName
}

// appendAWSChunked stores an aws-chunked body decoded, with the fields that
// frame it again, when framing the payload that way gives back exactly
// wire. Otherwise it returns a comment saying why the body is kept as sent,
// and false.
func appendAWSChunked(m *yaml.Node, wire []byte) (bool, string) {
	ch, plain, err := parseAWSChunked(wire)
	if err != nil {
		return false, "# aws-chunked body kept as sent: " + err.Error()
	}
	if ch.sizes != nil {
		return false, "# aws-chunked body kept as sent: its chunks are of irregular lengths"
	}
	names := make([]string, len(ch.trailers))
	for i, t := range ch.trailers {
		if !t.computed {
			return false, "# aws-chunked body kept as sent: its trailer " + t.name + " is not a checksum of the body"
		}
		names[i] = t.name
	}
	again, err := ch.encode(plain)
	if err != nil || !bytes.Equal(again, wire) {
		return false, "# aws-chunked body kept as sent: tapedeck cannot frame it again byte for byte"
	}
	appendField(m, "body_encoding", stringNode(awsChunkedName))
	if len(names) > 0 {
		appendField(m, fieldAWSTrailer, stringNode(strings.Join(names, ",")))
	}
	if ch.size > 0 {
		appendField(m, fieldAWSChunkSize, intNode(ch.size))
	}
	if len(plain) > 0 {
		format, value := encodeBytes(plain)
		if format != "" {
			appendField(m, "body_format", stringNode(format))
		}
		appendField(m, "body", value)
	}
	return true, ""
}

// awsChunkedWire frames plain, read from the body fields of f, as the
// aws_trailer and aws_chunk_size fields say.
func awsChunkedWire(f *fields, plain []byte) ([]byte, error) {
	ch := &awsChunks{}
	if n := f.value(fieldAWSChunkSize); n != nil {
		size, err := intValue(n, fieldAWSChunkSize, "65536")
		if err != nil {
			return nil, err
		}
		if size <= 0 {
			return nil, errorf(n.Line, "%s %d is not a chunk length: use a positive number of bytes, "+
				"or leave it out for a body sent as one chunk", fieldAWSChunkSize, size)
		}
		ch.size = size
	}
	if n := f.value(fieldAWSTrailer); n != nil {
		s, err := stringValue(n, fieldAWSTrailer)
		if err != nil {
			return nil, err
		}
		for _, name := range strings.Split(s, ",") {
			name = strings.TrimSpace(name)
			if _, ok := awsChecksum(name, nil); !ok {
				return nil, errorf(n.Line, "%s %q is not a checksum tapedeck computes: use x-amz-checksum-crc32, "+
					"-crc32c, -crc64nvme, -sha1 or -sha256, or store the body as sent with body_format: base64", fieldAWSTrailer, name)
			}
			ch.trailers = append(ch.trailers, awsTrailer{name: name, computed: true})
		}
	}
	return ch.encode(plain)
}

// checkAWSChunkedFields rejects aws_trailer and aws_chunk_size in a body
// whose body_encoding (enc, nil when absent) is not aws-chunked.
func checkAWSChunkedFields(f *fields, enc *yaml.Node) error {
	if enc != nil && enc.Kind == yaml.ScalarNode && enc.Value == awsChunkedName {
		return nil
	}
	for _, name := range awsChunkedFields {
		if n := f.value(name); n != nil {
			return errorf(n.Line, "%s without body_encoding: aws-chunked: add body_encoding: aws-chunked or remove %s", name, name)
		}
	}
	return nil
}
