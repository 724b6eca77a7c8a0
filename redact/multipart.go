package redact

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// multipartBoundary returns the boundary of a multipart body with headers
// h, or "" when it is not one.
func multipartBoundary(h http.Header) string {
	return boundaryOf(contentType(h))
}

// boundaryOf is multipartBoundary for the Content-Type ct.
func boundaryOf(ct string) string {
	if !containsFold(ct, "multipart/") {
		return "" // the media type is ASCII: ParseMediaType refuses others
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return ""
	}
	return params["boundary"]
}

// A rawPart is one part of a multipart body, as byte offsets into it.
type rawPart struct {
	content, end  int // the part's content is body[content:end]
	name, file    string
	headerInvalid bool
}

// splitMultipart cuts a multipart body into its parts without decoding
// them, so that a part's content can be replaced and every other byte
// kept. It returns nil when body is not multipart with that boundary.
func splitMultipart(body []byte, boundary string) []rawPart {
	delim := []byte("--" + boundary)
	if !bytes.HasPrefix(body, delim) {
		return nil // a preamble: rare enough to leave the body alone
	}
	var parts []rawPart
	pos := 0
	for {
		pos += len(delim)
		if bytes.HasPrefix(body[pos:], []byte("--")) {
			return parts // the closing delimiter
		}
		nl := bytes.Index(body[pos:], []byte("\r\n"))
		if nl < 0 {
			return nil
		}
		start := pos + nl + 2
		next := bytes.Index(body[start:], append([]byte("\r\n"), delim...))
		if next < 0 {
			return nil
		}
		end := start + next
		p := rawPart{end: end}
		hdrEnd := bytes.Index(body[start:end], []byte("\r\n\r\n"))
		if hdrEnd < 0 {
			p.content, p.headerInvalid = end, true
		} else {
			p.content = start + hdrEnd + 4
			tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(body[start : start+hdrEnd+4])))
			hdr, err := tp.ReadMIMEHeader()
			p.headerInvalid = err != nil
			if _, params, err := mime.ParseMediaType(hdr.Get("Content-Disposition")); err == nil {
				p.name, p.file = params["name"], params["filename"]
			}
		}
		parts = append(parts, p)
		pos = end + 2
	}
}

// redactMultipart replaces the content of the form fields (parts without a
// file name) that FormField or the default names cover with Placeholder, in
// a body whose Content-Type ct is multipart.
func (r *Redactor) redactMultipart(ct string, body []byte) []byte {
	boundary := boundaryOf(ct)
	if boundary == "" {
		return body
	}
	var edits []span
	for _, p := range splitMultipart(body, boundary) {
		if p.headerInvalid || p.file != "" || p.name == "" {
			continue
		}
		value := string(body[p.content:p.end])
		if value != "" && value != Placeholder && r.redactName(r.form, p.name, value) {
			edits = append(edits, span{p.content, p.end})
		}
	}
	if len(edits) == 0 {
		return body
	}
	return applyEdits(body, edits, []byte(Placeholder))
}

// multipart checks each part of a multipart body: a form field as a value
// under its name, a file as a body of its own. It reports whether the body
// parsed as multipart.
func (s *scanner) multipart(field string, h http.Header, body []byte) bool {
	boundary := multipartBoundary(h)
	if boundary == "" {
		return false
	}
	rd := multipart.NewReader(bytes.NewReader(body), boundary)
	type part struct {
		name, file string
		header     http.Header
		content    []byte
	}
	var parts []part
	for {
		p, err := rd.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false
		}
		content, err := io.ReadAll(io.LimitReader(p, maxPart))
		if err != nil {
			return false
		}
		parts = append(parts, part{p.FormName(), p.FileName(), http.Header(p.Header), content})
	}
	for i, p := range parts {
		name := p.name
		if name == "" {
			name = "#" + strconv.Itoa(i+1)
		}
		prefix := field + " part " + name
		if p.file != "" || p.name == "" {
			s.body(prefix, p.header, p.content)
			continue
		}
		s.value(site{field: prefix, key: p.name, keep: p.name, fix: "redact.FormField(" + strconv.Quote(p.name) + ")"}, string(p.content))
	}
	return true
}

// maxPart bounds what is read of one part; the body as a whole is already
// bounded by the decoder.
const maxPart = 64 << 20
