package cassette

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"net/http"
	"strings"
)

// DecodedBody returns body, the bytes of a message with headers h as they
// came over the wire (Request.Body or Response.Body), without the
// Content-Encoding that h names: decompressed for gzip, deflate and br,
// unframed for aws-chunked, unchanged when h names no encoding or
// "identity". encoding is the Content-Encoding that was undone, as h lists
// it ("gzip", "gzip,aws-chunked"), "" when there was none.
//
// It is for showing a body to a person or handing it to a format that
// stores bodies decoded, such as HAR. A Content-Encoding that tapedeck does
// not decode, or a body that does not decode, is an error that names the
// encoding; body is then returned unchanged.
func DecodedBody(h http.Header, body []byte) (plain []byte, encoding string, err error) {
	names := contentCodings(h)
	if len(names) == 0 || len(body) == 0 {
		return body, "", nil
	}
	encoding = strings.Join(names, ",")
	plain, _, err = DecodeContent(h, body)
	if err != nil {
		return body, encoding, err
	}
	return plain, encoding, nil
}

// DecodeContent undoes every Content-Encoding that h lists on wire, the
// last one applied first, and returns the decoded bytes with the Codings
// that encode a changed body the same way again. It knows gzip (and
// x-gzip), deflate (the zlib format, or a bare DEFLATE stream as some
// servers send), br and aws-chunked (the framing of S3 uploads, with its
// trailing checksums); identity is nothing to undo. A decoded body larger
// than 64 MiB is an error, so that a compression bomb cannot exhaust
// memory.
//
// This is the one decoder tapedeck has: the cassette file stores bodies
// decoded with it, and the redact package reads and rewrites bodies with
// it. An encoding it does not know, or corrupt data, is an error that says
// which.
func DecodeContent(h http.Header, wire []byte) ([]byte, Codings, error) {
	names := contentCodings(h)
	if len(names) == 0 || len(wire) == 0 {
		return wire, Codings{}, nil
	}
	steps := make([]coding, len(names))
	data := wire
	for i := len(names) - 1; i >= 0; i-- {
		c := coding{name: names[i]}
		var err error
		data, err = c.decode(data)
		if err != nil {
			return nil, Codings{}, fmt.Errorf("cannot decode Content-Encoding %q: %w", c.name, err)
		}
		steps[i] = c
	}
	return data, Codings{steps: steps}, nil
}

// Codings are the Content-Encoding steps of a body as DecodeContent undid
// them. The zero value encodes nothing.
type Codings struct {
	steps []coding
}

// Encode applies the codings to plain again, in the order they were first
// applied: compression at each codec's default level, aws-chunked with the
// chunk layout of the decoded body and its trailing checksums computed
// anew.
func (cs Codings) Encode(plain []byte) ([]byte, error) {
	data := plain
	for _, c := range cs.steps {
		var err error
		if data, err = c.encode(data); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// Len is the number of codings; 0 means the body was sent as it is.
func (cs Codings) Len() int { return len(cs.steps) }

// A coding is one Content-Encoding step of a body.
type coding struct {
	name string
	// raw marks a "deflate" body sent as a bare DEFLATE stream rather than
	// the zlib format RFC 9110 asks for.
	raw bool
	// chunks is the framing of an aws-chunked body.
	chunks *awsChunks
}

// contentCodings lists the Content-Encoding of h in the order they were
// applied, lower case, without identity. The header name is matched
// case-insensitively, since cassettes keep headers as they were written.
func contentCodings(h http.Header) []string {
	var names []string
	for k, values := range h {
		if !strings.EqualFold(k, "Content-Encoding") {
			continue
		}
		for _, v := range values {
			for _, n := range strings.Split(v, ",") {
				n = strings.ToLower(strings.TrimSpace(n))
				if n != "" && n != "identity" {
					names = append(names, n)
				}
			}
		}
	}
	return names
}

func (c *coding) decode(data []byte) ([]byte, error) {
	switch c.name {
	case "gzip", "x-gzip":
		return gzipCodec.decode(data, maxDecoded)
	case "deflate":
		if out, err := deflateCodec.decode(data, maxDecoded); err == nil {
			return out, nil
		}
		c.raw = true
		return limitedRead(flate.NewReader(bytes.NewReader(data)), maxDecoded)
	case "br":
		return brotliCodec.decode(data, maxDecoded)
	case awsChunkedName:
		ch, plain, err := parseAWSChunked(data)
		if err != nil {
			return nil, err
		}
		c.chunks = ch
		return plain, nil
	}
	return nil, fmt.Errorf("tapedeck decodes only gzip, deflate, br and aws-chunked")
}

func (c *coding) encode(data []byte) ([]byte, error) {
	switch {
	case c.name == "gzip" || c.name == "x-gzip":
		return gzipCodec.encode(data, gzipCodec.defaultLevel)
	case c.name == "deflate" && c.raw:
		var buf bytes.Buffer
		w, err := flate.NewWriter(&buf, flate.DefaultCompression)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case c.name == "deflate":
		return deflateCodec.encode(data, zlib.DefaultCompression)
	case c.name == "br":
		return brotliCodec.encode(data, brotliCodec.defaultLevel)
	case c.name == awsChunkedName && c.chunks != nil:
		return c.chunks.encode(data)
	}
	return nil, fmt.Errorf("cannot encode Content-Encoding %q", c.name)
}
