package redact

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// wholeLimit is the largest body file ScanBody reads whole, to scan it as
// the body of a document (JSON, XML, a form) or to decode it first.
const wholeLimit = 64 << 20

// Windows of a larger body file are scanned as text, each overlapping the
// one before by windowOverlap bytes, so that a token that spans two
// windows is whole in one of them.
const (
	windowSize    = 1 << 20
	windowOverlap = 16 << 10
)

// ScanBody scans the response body of an interaction whose body is in a
// body file (cassette.Response.BodyFile), read from body: what
// ScanInteraction, which scans the rest of that interaction, cannot read.
// index is the interaction's position in the cassette.
//
// A body file of up to 64 MiB that is a document (a JSON, XML, form or
// multipart Content-Type) or that has a Content-Encoding is read whole and
// scanned as Scan scans a body in the cassette. A larger one is scanned as
// text, a MiB at a time, so that memory stays bounded: recognisable tokens
// are found anywhere in it, but values under secret-looking JSON names are
// not, and a larger compressed one is a KindNotInspected finding. The
// error is body's.
func (r *Redactor) ScanBody(index int, in *cassette.Interaction, body io.Reader) ([]Finding, error) {
	s := &scanner{r: r, index: index, line: in.Line, seen: map[string]bool{}}
	h := in.Response.Headers
	const field = "response.body"
	if in.Response.BodySize <= wholeLimit && (isDocument(h) || encoded(h)) {
		data, err := io.ReadAll(io.LimitReader(body, wholeLimit+1))
		if err != nil {
			return nil, err
		}
		s.body(field, h, data)
		return s.findings, nil
	}
	if encoded(h) {
		s.report(site{field: field}, KindNotInspected, "", "",
			fmt.Sprintf("a body file of %d bytes with Content-Encoding %s: larger than the %d MiB that are decoded for the scan",
				in.Response.BodySize, h.Get("Content-Encoding"), wholeLimit>>20), "")
		return s.findings, nil
	}
	buf := make([]byte, windowSize)
	kept := 0 // bytes of the window before that start this one
	for {
		n, err := io.ReadFull(body, buf[kept:])
		if n > 0 {
			s.text(field, string(buf[:kept+n]))
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return s.findings, nil
		}
		if err != nil {
			return nil, err
		}
		kept = windowOverlap
		copy(buf, buf[windowSize-windowOverlap:])
	}
}

// isDocument reports whether h gives a body a Content-Type that Scan
// reads as a document rather than as text.
func isDocument(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return false
	}
	_, sub, _ := strings.Cut(mt, "/")
	return sub == "json" || strings.HasSuffix(sub, "+json") || strings.Contains(sub, "-json") ||
		sub == "xml" || strings.HasSuffix(sub, "+xml") ||
		mt == "application/x-www-form-urlencoded" || strings.HasPrefix(mt, "multipart/")
}

// encoded reports whether h names a Content-Encoding other than identity.
func encoded(h http.Header) bool {
	for _, v := range h.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" && !strings.EqualFold(c, "identity") {
				return true
			}
		}
	}
	return false
}
