package engine

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/tapedeck/recorder/cassette"
)

// A Template is a recorded response made ready to replay: its status line
// and protocol parsed, its Content-Length read, its headers laid out so that
// each replay copies them in one allocation. It is built once per recording
// (when the recording is loaded or stored) and read-only after.
type Template struct {
	status        string
	code          int
	proto         string
	major, minor  int
	contentLength int64
	header        fields
	trailer       fields
	body          []byte
	file          *cassette.Response // the body is in this response's body file; nil when it is in body
	events        *Events            // nil unless the body is a text/event-stream
}

// fields are the names of a header, each with how many values it has, and
// all the values in one slice, so that a copy is a map and one []string.
type fields struct {
	names  []name
	values []string
}

type name struct {
	key string
	n   int
}

// NewTemplate builds the Template of rs. rs must not change afterwards.
func NewTemplate(rs *cassette.Response) *Template {
	t := &Template{
		status:        rs.Status,
		code:          rs.Code,
		proto:         rs.Proto,
		contentLength: contentLength(rs),
		header:        fieldsOf(rs.Headers),
		trailer:       fieldsOf(rs.Trailers),
		body:          rs.Body,
		events:        eventsOf(rs),
	}
	if rs.BodyFile != "" {
		t.file = &cassette.Response{BodyFile: rs.BodyFile, BodySize: rs.BodySize}
	}
	var ok bool
	if t.major, t.minor, ok = http.ParseHTTPVersion(t.proto); !ok {
		t.proto, t.major, t.minor = "HTTP/1.1", 1, 1
	}
	if t.status == "" {
		t.status = fmt.Sprintf("%d %s", rs.Code, http.StatusText(rs.Code))
	}
	return t
}

func fieldsOf(h http.Header) fields {
	if h == nil {
		return fields{}
	}
	f := fields{names: make([]name, 0, len(h))}
	for k, vs := range h {
		f.names = append(f.names, name{k, len(vs)})
		f.values = append(f.values, vs...)
	}
	return f
}

// header builds a fresh http.Header from f; nil when the recording had none
// and empty is false.
func (f fields) header(empty bool) http.Header {
	if f.names == nil {
		if empty {
			return make(http.Header)
		}
		return nil
	}
	h := make(http.Header, len(f.names))
	values := make([]string, len(f.values))
	copy(values, f.values)
	for _, k := range f.names {
		// The full slice expression keeps an append to one header from
		// writing over the next one's values.
		h[k.key] = values[:k.n:k.n]
		values = values[k.n:]
	}
	return h
}

// Body returns the recorded body. It must not be changed.
func (t *Template) Body() []byte { return t.body }

// BodyFile returns, for a body in a body file, the response that names it
// (for cassette.OpenBody); nil when the body is in Body.
func (t *Template) BodyFile() *cassette.Response { return t.file }

// Response builds the *http.Response a client gets, byte for byte what was
// recorded: status, headers, body (read from body) and trailers.
func (t *Template) Response(req *http.Request, body io.ReadCloser) *http.Response {
	return &http.Response{
		Status:        t.status,
		StatusCode:    t.code,
		Proto:         t.proto,
		ProtoMajor:    t.major,
		ProtoMinor:    t.minor,
		Header:        t.header.header(true),
		Trailer:       t.trailer.header(false),
		ContentLength: t.contentLength,
		Body:          body,
		Request:       req,
	}
}

// contentLength is what net/http would have set: the Content-Length header
// when there is one, 0 for statuses that have no body and for an empty
// body, else -1 (unknown).
func contentLength(rs *cassette.Response) int64 {
	if vs := rs.Headers["Content-Length"]; len(vs) > 0 {
		if n, err := strconv.ParseInt(vs[0], 10, 64); err == nil && n >= 0 {
			return n
		}
	}
	if rs.Code == http.StatusNoContent || rs.Code == http.StatusNotModified || rs.Code/100 == 1 {
		return 0
	}
	if len(rs.Body) == 0 && rs.BodySize == 0 {
		return 0
	}
	return -1
}
