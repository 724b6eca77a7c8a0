package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// FormatVersion is the version of the entry encoding that Encode writes and
// the newest that Decode reads.
const FormatVersion = 1

// ErrNewerFormat reports an entry written by a newer tapedeck, in an
// encoding this one cannot read. Test for it with errors.Is.
var ErrNewerFormat = errors.New("store entry format is newer than this tapedeck")

// magic starts every encoded entry, before its version byte, so that a
// value that is not an entry (another program's key under the same prefix)
// is told apart from a damaged one.
const magic = "td"

// Encode returns the stored form of in: every field of the interaction but
// Line, bodies as raw bytes. The encoding is compact (lengths as varints,
// no field names), stable (headers in sorted key order, so equal
// interactions encode to equal bytes) and versioned (it starts with
// "td" and FormatVersion). It keeps a nil body apart from an empty one and
// a nil header apart from an empty one; RecordedAt is kept to the
// nanosecond, in UTC.
func Encode(in *cassette.Interaction) ([]byte, error) {
	if in == nil {
		return nil, errors.New("store: cannot encode a nil interaction")
	}
	size := 64 + len(in.Request.Method) + len(in.Request.URL) + len(in.Request.Body) +
		len(in.Response.Status) + len(in.Response.Proto) + len(in.Response.Body) +
		headerSize(in.Request.Headers) + headerSize(in.Response.Headers) + headerSize(in.Response.Trailers)
	b := make([]byte, 0, size)
	b = append(b, magic...)
	b = append(b, FormatVersion)
	at := in.RecordedAt
	b = binary.AppendVarint(b, at.Unix())
	b = binary.AppendUvarint(b, uint64(at.Nanosecond()))
	b = binary.AppendVarint(b, int64(in.Duration))

	b = appendString(b, in.Request.Method)
	b = appendString(b, in.Request.URL)
	b = appendHeader(b, in.Request.Headers)
	b = appendBody(b, in.Request.Body)

	b = appendString(b, in.Response.Status)
	b = binary.AppendVarint(b, int64(in.Response.Code))
	b = appendString(b, in.Response.Proto)
	b = appendHeader(b, in.Response.Headers)
	b = appendHeader(b, in.Response.Trailers)
	b = appendBody(b, in.Response.Body)
	return b, nil
}

// headerSize is about how many bytes appendHeader writes for h.
func headerSize(h http.Header) int {
	n := 2
	for k, vs := range h {
		n += 2 + len(k) + 2
		for _, v := range vs {
			n += 2 + len(v)
		}
	}
	return n
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendBody writes len+1, then the bytes; 0 stands for a nil body.
func appendBody(b, body []byte) []byte {
	if body == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(body))+1)
	return append(b, body...)
}

// appendHeader writes the number of keys plus one (0 for a nil header),
// then each key in sorted order with its count of values and the values.
func appendHeader(b []byte, h http.Header) []byte {
	if h == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(h))+1)
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendString(b, k)
		vs := h[k]
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			b = appendString(b, v)
		}
	}
	return b
}

// Decode reads an interaction that Encode wrote. Its Line is 0, its
// RecordedAt in UTC, and a header key that had no values has a nil slice.
//
// To keep a cache hit cheap, the interaction's bodies are slices of data
// (its strings are copied, all in one allocation): data must not be
// changed afterwards. A damaged entry, or one written by a newer tapedeck
// (errors.Is(err, ErrNewerFormat)), is an error that says which field at
// which byte and what to do; Decode never panics on bad input.
func Decode(data []byte) (*cassette.Interaction, error) {
	if len(data) < len(magic)+1 || string(data[:len(magic)]) != magic {
		return nil, errors.New("not a tapedeck store entry (it does not start with \"td\" and a format version): " +
			"another program wrote this value, or it is damaged; delete it")
	}
	if v := data[len(magic)]; v != FormatVersion {
		if v > FormatVersion {
			return nil, fmt.Errorf("%w (entry format %d, this tapedeck reads up to %d): upgrade github.com/tapedeck/recorder",
				ErrNewerFormat, v, FormatVersion)
		}
		return nil, fmt.Errorf("entry format %d is not one tapedeck ever wrote: the entry is damaged; delete it, "+
			"and the next request records it again", v)
	}
	d := decoder{data: data, text: string(data), off: len(magic) + 1}
	in := &cassette.Interaction{}
	d.begin("recorded_at")
	sec := d.varint()
	nsec := d.uvarint()
	if d.err == nil && nsec >= uint64(time.Second) {
		d.fail("nanoseconds %d out of range", nsec)
	}
	in.RecordedAt = time.Unix(sec, int64(nsec)).UTC()
	d.begin("duration")
	in.Duration = time.Duration(d.varint())

	d.begin("request method")
	in.Request.Method = d.string()
	d.begin("request url")
	in.Request.URL = d.string()
	d.begin("request headers")
	in.Request.Headers = d.header()
	d.begin("request body")
	in.Request.Body = d.body()

	d.begin("response status")
	in.Response.Status = d.string()
	d.begin("response code")
	code := d.varint()
	if d.err == nil && (code < 0 || code > 999) {
		d.fail("status code %d out of range", code)
	}
	in.Response.Code = int(code)
	d.begin("response proto")
	in.Response.Proto = d.string()
	d.begin("response headers")
	in.Response.Headers = d.header()
	d.begin("response trailers")
	in.Response.Trailers = d.header()
	d.begin("response body")
	in.Response.Body = d.body()

	if d.err == nil && d.off != len(data) {
		d.begin("end of entry")
		d.fail("%d bytes follow the last field", len(data)-d.off)
	}
	if d.err != nil {
		return nil, d.err
	}
	return in, nil
}

// A decoder reads one entry. The first failure is kept in err; later reads
// return zero values, so Decode checks once at the end.
type decoder struct {
	data  []byte
	text  string // data as one string, which the decoded strings slice
	off   int
	field string // what is being read, for the error
	start int    // where it starts
	err   error
}

// begin notes that the field named field starts here.
func (d *decoder) begin(field string) {
	d.field, d.start = field, d.off
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%s at byte %d: %s: the entry is damaged; delete it, and the next request records it again",
			d.field, d.start, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		d.fail("bad or truncated number")
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.off:])
	if n <= 0 {
		d.fail("bad or truncated number")
		return 0
	}
	d.off += n
	return v
}

// span reads a length of n bytes and returns where they start; ok is false
// (and err set) when fewer than n bytes are left.
func (d *decoder) span(n uint64) (start int, ok bool) {
	if d.err != nil {
		return 0, false
	}
	if n > uint64(len(d.data)-d.off) {
		d.fail("length %d runs past the end (%d bytes left)", n, len(d.data)-d.off)
		return 0, false
	}
	start = d.off
	d.off += int(n)
	return start, true
}

func (d *decoder) string() string {
	n := d.uvarint()
	start, ok := d.span(n)
	if !ok {
		return ""
	}
	return d.text[start:d.off]
}

func (d *decoder) body() []byte {
	n := d.uvarint()
	if d.err != nil || n == 0 {
		return nil
	}
	start, ok := d.span(n - 1)
	if !ok {
		return nil
	}
	return d.data[start:d.off:d.off]
}

func (d *decoder) header() http.Header {
	n := d.uvarint()
	if d.err != nil || n == 0 {
		return nil
	}
	n--
	// Every key takes at least two bytes (its length and its count of
	// values), which bounds the map a damaged count could ask for.
	if n > uint64(len(d.data)-d.off)/2 {
		d.fail("%d keys cannot fit in the %d bytes left", n, len(d.data)-d.off)
		return nil
	}
	h := make(http.Header, n)
	var values []string // one backing array for the values of all keys
	prev := ""
	for i := uint64(0); i < n; i++ {
		k := d.string()
		if d.err == nil && i > 0 && k <= prev {
			d.fail("key %q is out of order or repeated", k)
		}
		prev = k
		count := d.uvarint()
		if d.err == nil && count > uint64(len(d.data)-d.off) {
			d.fail("%d values cannot fit in the %d bytes left", count, len(d.data)-d.off)
		}
		if d.err != nil {
			return nil
		}
		if count == 0 {
			h[k] = nil
			continue
		}
		if uint64(cap(values)-len(values)) < count {
			values = make([]string, 0, max(count, 8))
		}
		first := len(values)
		for j := uint64(0); j < count; j++ {
			values = append(values, d.string())
		}
		h[k] = values[first:len(values):len(values)]
	}
	return h
}
