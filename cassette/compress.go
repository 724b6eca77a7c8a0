package cassette

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
)

// A codec is a Content-Encoding that tapedeck stores decoded and re-encodes
// on load, when Go's encoder at some level reproduces the wire bytes.
type codec struct {
	name string
	// defaultLevel is the level tried first and the one written as no
	// compression_level at all.
	defaultLevel int
	// defaultIs is the numbered level that gives the same bytes as
	// defaultLevel (flate's DefaultCompression is level 6).
	defaultIs int
	// minLevel and maxLevel bound compression_level.
	minLevel, maxLevel int
	// slowFrom is the first of the levels that are tried only for bodies
	// up to slowLimit: they take seconds on a MiB.
	slowFrom int
	// plausible, when set, reports from its header whether wire can be the
	// output of Go's encoder at all; if not, no level is tried.
	plausible func(wire []byte) bool
	newWriter func(w io.Writer, level int) (io.WriteCloser, error)
	newReader func(r io.Reader) (io.Reader, error)
}

var (
	gzipCodec = &codec{
		name:         "gzip",
		defaultLevel: gzip.DefaultCompression,
		defaultIs:    6,
		minLevel:     gzip.NoCompression,
		maxLevel:     gzip.BestCompression,
		slowFrom:     gzip.BestCompression + 1,
		newWriter: func(w io.Writer, level int) (io.WriteCloser, error) {
			return gzip.NewWriterLevel(w, level)
		},
		newReader: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	deflateCodec = &codec{
		name:         "deflate",
		defaultLevel: zlib.DefaultCompression,
		defaultIs:    6,
		minLevel:     zlib.NoCompression,
		maxLevel:     zlib.BestCompression,
		slowFrom:     zlib.BestCompression + 1,
		newWriter: func(w io.Writer, level int) (io.WriteCloser, error) {
			return zlib.NewWriterLevel(w, level)
		},
		newReader: func(r io.Reader) (io.Reader, error) { return zlib.NewReader(r) },
	}
	brotliCodec = &codec{
		name:         "br",
		defaultLevel: brotli.DefaultCompression,
		defaultIs:    brotli.DefaultCompression,
		minLevel:     brotli.BestSpeed,
		maxLevel:     brotli.BestCompression,
		slowFrom:     10,
		plausible:    func(wire []byte) bool { return brotliWindow(wire) == goBrotliWindow },
		newWriter: func(w io.Writer, level int) (io.WriteCloser, error) {
			return brotli.NewWriterLevel(w, level), nil
		},
		newReader: func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil },
	}
)

// codecNamed returns the codec for a body_encoding value, or nil.
func codecNamed(name string) *codec {
	switch name {
	case gzipCodec.name:
		return gzipCodec
	case deflateCodec.name:
		return deflateCodec
	case brotliCodec.name:
		return brotliCodec
	}
	return nil
}

// contentEncoding returns the codec that h's Content-Encoding names, or nil
// when there is none, more than one, or one tapedeck does not re-encode.
// The header name is matched case-insensitively (headers are kept as
// written); the value must be exactly "gzip", "deflate" or "br".
func contentEncoding(h http.Header) *codec {
	var values []string
	seen := 0
	for k, v := range h {
		if strings.EqualFold(k, "Content-Encoding") {
			seen++
			values = v
		}
	}
	if seen != 1 || len(values) != 1 {
		return nil
	}
	return codecNamed(values[0])
}

// maxDecoded bounds a decoded body, so that a small compressed body cannot
// make Marshal, or the secret scan, allocate without limit. A larger body
// is stored as sent, and the scan reports it as not inspected.
const maxDecoded = 64 << 20

// searchLimit is the size of decoded body above which only the default
// level is tried: trying every level costs one compression per level.
const searchLimit = 1 << 20

// slowLimit is the size of decoded body above which the slow levels of a
// codec (brotli 10 and 11) are not tried. Brotli writes its output only at
// the end, so a level that does not reproduce the body costs a full
// compression: about 1.5 and 3 seconds for 1 MiB at levels 10 and 11.
const slowLimit = 256 << 10

var errTooLarge = fmt.Errorf("the decoded body is larger than %d MiB", maxDecoded>>20)

// decode returns wire decompressed, or errTooLarge if that is more than
// limit bytes.
func (c *codec) decode(wire []byte, limit int) ([]byte, error) {
	r, err := c.newReader(bytes.NewReader(wire))
	if err != nil {
		return nil, err
	}
	return limitedRead(r, limit)
}

// limitedRead reads r to the end, or returns errTooLarge once it has read
// more than limit bytes.
func limitedRead(r io.Reader, limit int) ([]byte, error) {
	plain, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(plain) > limit {
		return nil, errTooLarge
	}
	return plain, nil
}

// encode returns plain compressed at level.
func (c *codec) encode(plain []byte, level int) ([]byte, error) {
	var buf bytes.Buffer
	if err := c.encodeTo(&buf, plain, level); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (c *codec) encodeTo(w io.Writer, plain []byte, level int) error {
	zw, err := c.newWriter(w, level)
	if err != nil {
		return err
	}
	if _, err := zw.Write(plain); err != nil {
		zw.Close()
		return err
	}
	return zw.Close()
}

// levels returns the levels to try, the default first.
func (c *codec) levels(size int) []int {
	levels := []int{c.defaultLevel}
	if size > searchLimit {
		return levels
	}
	for l := c.minLevel; l <= c.maxLevel; l++ {
		if l != c.defaultIs && (l < c.slowFrom || size <= slowLimit) {
			levels = append(levels, l)
		}
	}
	return levels
}

// findLevel returns the level at which c's encoder turns plain into exactly
// wire, and false if there is none.
func (c *codec) findLevel(plain, wire []byte) (int, bool) {
	if c.plausible != nil && !c.plausible(wire) {
		return 0, false
	}
	for _, level := range c.levels(len(plain)) {
		if c.reproduces(plain, wire, level) {
			return level, true
		}
	}
	return 0, false
}

// reproduces reports whether compressing plain at level gives exactly wire.
// It stops at the first byte that differs.
func (c *codec) reproduces(plain, wire []byte, level int) bool {
	w := &matchWriter{want: wire}
	if err := c.encodeTo(w, plain, level); err != nil {
		return false
	}
	return w.n == len(wire)
}

var errMismatch = errors.New("output differs")

// A matchWriter accepts only a prefix of want, so that a compressor whose
// output diverges from the wire bytes is stopped early.
type matchWriter struct {
	want []byte
	n    int
}

func (w *matchWriter) Write(p []byte) (int, error) {
	rest := w.want[w.n:]
	if len(p) > len(rest) || !bytes.Equal(p, rest[:len(p)]) {
		return 0, errMismatch
	}
	w.n += len(p)
	return len(p), nil
}

// goBrotliWindow is the window size (WBITS) that Go's brotli writer uses at
// every level.
const goBrotliWindow = 22

// brotliWindow returns the window size (WBITS) that the brotli stream b
// declares in its first bits (RFC 7932, section 9.1), or 0 when b is empty
// or declares a large window (not RFC 7932). A stream from an encoder with
// another window (nginx's default is 19) never matches Go's output.
func brotliWindow(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	bits := b[0] // bits are read from the least significant
	if bits&1 == 0 {
		return 16
	}
	if n := bits >> 1 & 7; n != 0 {
		return 17 + int(n)
	}
	switch m := bits >> 4 & 7; m {
	case 0:
		return 17
	case 1:
		return 0
	default:
		return 8 + int(m)
	}
}
