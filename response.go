package recorder

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/tapedeck/recorder/cassette"
)

// response builds the *http.Response a client gets for in, byte for byte
// what was recorded: status, headers, body and trailers. Its body carries
// info, for Info.
func response(in *cassette.Interaction, req *http.Request, info ResponseInfo) *http.Response {
	rs := &in.Response
	proto := rs.Proto
	major, minor, ok := http.ParseHTTPVersion(proto)
	if !ok {
		proto, major, minor = "HTTP/1.1", 1, 1
	}
	status := rs.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", rs.Code, http.StatusText(rs.Code))
	}
	header := rs.Headers.Clone()
	if header == nil {
		header = make(http.Header)
	}
	resp := &http.Response{
		Status:        status,
		StatusCode:    rs.Code,
		Proto:         proto,
		ProtoMajor:    major,
		ProtoMinor:    minor,
		Header:        header,
		Trailer:       rs.Trailers.Clone(),
		ContentLength: contentLength(rs),
		Request:       req,
	}
	b := &body{info: info}
	b.Reset(rs.Body)
	resp.Body = b
	return resp
}

// body is the Body of every response a Recorder builds: the recorded bytes,
// and what Info reports about them. One allocation holds both.
type body struct {
	bytes.Reader
	info ResponseInfo
}

// Close does nothing: the bytes are in memory.
func (*body) Close() error { return nil }

// contentLength is what net/http would have set: the Content-Length header
// when there is one, 0 for statuses that have no body, else -1 (unknown).
func contentLength(rs *cassette.Response) int64 {
	// Indexed rather than Get, which would canonicalize this already
	// canonical name again on every replay.
	if vs := rs.Headers["Content-Length"]; len(vs) > 0 {
		if n, err := strconv.ParseInt(vs[0], 10, 64); err == nil && n >= 0 {
			return n
		}
	}
	if rs.Code == http.StatusNoContent || rs.Code == http.StatusNotModified || rs.Code/100 == 1 {
		return 0
	}
	if len(rs.Body) == 0 {
		return 0
	}
	return -1
}
