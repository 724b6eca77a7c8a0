package redact

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// maxDecoded bounds the size of a decoded body, so that a compression bomb
// in a cassette cannot exhaust memory; larger bodies are not inspected.
const maxDecoded = 256 << 20

// A coding is one Content-Encoding step of a body.
type coding struct {
	name string
	// raw marks a "deflate" body sent as a bare DEFLATE stream rather than
	// the zlib format RFC 9110 asks for (some servers do that).
	raw bool
}

// contentCodings lists the Content-Encoding of h in the order they were
// applied, without identity.
func contentCodings(h http.Header) []string {
	var names []string
	for _, v := range h.Values("Content-Encoding") {
		for _, n := range strings.Split(v, ",") {
			n = strings.ToLower(strings.TrimSpace(n))
			if n != "" && n != "identity" {
				names = append(names, n)
			}
		}
	}
	return names
}

// decodeBody undoes the Content-Encoding of h on wire. It returns the decoded
// bytes and the codings to redo them with, or an error saying why the body
// cannot be read (an encoding it does not know, corrupt data).
func decodeBody(h http.Header, wire []byte) ([]byte, []coding, error) {
	names := contentCodings(h)
	if len(names) == 0 || len(wire) == 0 {
		return wire, nil, nil
	}
	codings := make([]coding, len(names))
	data := wire
	for i := len(names) - 1; i >= 0; i-- {
		c := coding{name: names[i]}
		var err error
		data, c.raw, err = decodeOne(c.name, data)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot decode Content-Encoding %q: %w", c.name, err)
		}
		codings[i] = c
	}
	return data, codings, nil
}

// decodeOne undoes one coding.
func decodeOne(name string, data []byte) (out []byte, raw bool, err error) {
	var rd io.Reader
	switch name {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, false, err
		}
		rd = zr
	case "deflate":
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if out, err := readAll(zr); err == nil {
				return out, false, nil
			}
		}
		rd, raw = flate.NewReader(bytes.NewReader(data)), true
	case "br":
		rd = brotli.NewReader(bytes.NewReader(data))
	default:
		return nil, false, fmt.Errorf("tapedeck knows gzip, deflate and br")
	}
	out, err = readAll(rd)
	return out, raw, err
}

// readAll reads rd to the end, up to maxDecoded bytes.
func readAll(rd io.Reader) ([]byte, error) {
	out, err := io.ReadAll(io.LimitReader(rd, maxDecoded+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxDecoded {
		return nil, fmt.Errorf("the decoded body is larger than %d MiB", maxDecoded>>20)
	}
	return out, nil
}

// encodeBody redoes codings on data, in order, at each coding's default
// level.
func encodeBody(codings []coding, data []byte) ([]byte, error) {
	for _, c := range codings {
		var buf bytes.Buffer
		var w io.WriteCloser
		switch {
		case c.name == "gzip" || c.name == "x-gzip":
			w = gzip.NewWriter(&buf)
		case c.name == "deflate" && c.raw:
			fw, err := flate.NewWriter(&buf, flate.DefaultCompression)
			if err != nil {
				return nil, err
			}
			w = fw
		case c.name == "deflate":
			w = zlib.NewWriter(&buf)
		case c.name == "br":
			w = brotli.NewWriter(&buf)
		default:
			return nil, fmt.Errorf("cannot encode Content-Encoding %q", c.name)
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		data = buf.Bytes()
	}
	return data, nil
}
