package redact

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"bytes"
	"mime"
	"net/http"
	"strconv"
)

// redactBody applies the body filters to the decoded form of a body whose
// headers are h: JSON fields when it is JSON, form fields when h says it is
// a form, then the Secret and Pattern filters over its text.
func (r *Redactor) redactBody(h http.Header, wire []byte) []byte {
	ct := contentType(h) // once, for the four questions below
	return transformBody(h, wire, func(b []byte) []byte {
		b = r.redactJSON(b)
		b = r.redactXML(ct, b)
		b = r.redactMultipart(ct, b)
		if isFormType(ct) {
			b = []byte(r.redactPairs(string(b), r.form))
		}
		if len(r.secrets) == 0 && len(r.patterns) == 0 {
			return b
		}
		if isXMLType(ct, b) {
			return []byte(r.redactTextAs(string(b), xmlText))
		}
		return []byte(r.redactText(string(b)))
	})
}

// transformBody applies f to the decoded form of a body (Content-Encoding
// from h undone) and returns the result encoded the same way. When f changes
// nothing, or the body cannot be decoded, the wire bytes are returned as they
// are.
func transformBody(h http.Header, wire []byte, f func([]byte) []byte) []byte {
	if len(wire) == 0 {
		return wire
	}
	plain, codings, err := decodeBody(h, wire)
	if err != nil {
		return wire
	}
	out := f(plain)
	if bytes.Equal(out, plain) {
		return wire
	}
	if codings.Len() == 0 {
		return out
	}
	enc, err := codings.Encode(out)
	if err != nil {
		return wire
	}
	return enc
}

// quotedPlaceholder is Placeholder as a JSON string.
var (
	quotedPlaceholderText = strconv.Quote(Placeholder)
	quotedPlaceholder     = []byte(quotedPlaceholderText)
)

// redactJSON replaces the values that JSONField paths or the default names
// select with "REDACTED", leaving every other byte of the document alone. A
// body that is not JSON is returned as it is.
func (r *Redactor) redactJSON(doc []byte) []byte {
	if len(r.paths) == 0 && len(doc) <= maxNameScan && bytes.IndexByte(doc, '\\') < 0 && !mayHoldDefaultName(doc) {
		return doc // no member the default rules redact, JSON or not: most small bodies
	}
	return r.walkRedactJSON(doc)
}

// walkRedactJSON is redactJSON without the look for default names.
func (r *Redactor) walkRedactJSON(doc []byte) []byte {
	edits, err := walkJSON(doc, func(path []jsonpath.Segment, kind byte, raw string) bool {
		if kind == 'n' || raw == quotedPlaceholderText {
			return false
		}
		for _, p := range r.paths {
			if p.Matches(path) {
				return true
			}
		}
		if len(path) == 0 || path[len(path)-1].IsIndex || (kind != '"' && kind != '0') {
			return false
		}
		name, value := path[len(path)-1].Key, ""
		if isKeyName(name) {
			// Only a member named key has its value looked at (see
			// isDefaultName), which is decoded for it alone.
			value = raw
			if kind == '"' {
				value = decodeString(raw)
			}
		}
		return r.redactName(nil, name, value)
	})
	if err != nil || len(edits) == 0 {
		return doc // not JSON, or nothing to redact
	}
	return applyEdits(doc, edits, quotedPlaceholder)
}

// maxNameScan is the longest body redactJSON looks through for a default
// name before it walks it: for a small body the walk costs more than the
// look, for a large one the look rarely spares the walk.
const maxNameScan = 4096

// defaultNameHints are words one of which the normalized name (see
// normalize) of every member the default rules redact contains:
// TestDefaultNameHints checks them against isDefaultNameExact and
// defaultNameSuffixes. None is longer than 8 bytes, so that
// mayHoldDefaultName compares them with the last 8 bytes it read at once.
var defaultNameHints = newWordList("key", "token", "sig", "auth", "secret", "pass", "cred")

// nameHints are defaultNameHints as mayHoldDefaultName compares them, by
// their last byte: each word's bytes in the low bytes of an integer, its
// last byte lowest, and the mask of those bytes.
var nameHints = func() (t [256][]nameHint) {
	for _, words := range defaultNameHints.byFirst {
		for _, w := range words {
			var h nameHint
			for i := 0; i < len(w); i++ {
				h.word, h.mask = h.word<<8|uint64(w[i]), h.mask<<8|0xff
			}
			t[w[len(w)-1]] = append(t[w[len(w)-1]], h)
		}
	}
	return t
}()

type nameHint struct{ word, mask uint64 }

// mayHoldDefaultName reports whether doc, with separators dropped and
// letters lower-cased as normalize does, contains one of defaultNameHints.
// When doc has no escapes, a member name is a run of its bytes, so its
// normalized form is a run of the normalized doc: a doc without the hints
// has no member that isDefaultName redacts.
func mayHoldDefaultName(doc []byte) bool {
	var last uint64 // the last 8 normalized bytes, the last one lowest
	for _, c := range doc {
		switch {
		case c == '-' || c == '_' || c == '.' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		last = last<<8 | uint64(c)
		for _, h := range nameHints[c] {
			if last&h.mask == h.word {
				return true
			}
		}
	}
	return false
}

// isForm reports whether h says the body is application/x-www-form-urlencoded.
func isForm(h http.Header) bool {
	return isFormType(contentType(h))
}

// isFormType is isForm for the Content-Type ct.
func isFormType(ct string) bool {
	if !containsFold(ct, "x-www-form-urlencoded") {
		return false // the media type is ASCII: ParseMediaType refuses others
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// contentType returns h.Get("Content-Type"), without the work Get does to
// put a name in canonical form: this one is. Every body is asked for it
// several times (JSON? XML? multipart? a form?).
func contentType(h http.Header) string {
	if v := h["Content-Type"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// containsFold reports whether s contains sub, a lower-case ASCII string,
// in any case of its ASCII letters.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// fixContentLength updates a Content-Length header in h after the body
// changed length, and the X-Amz-Decoded-Content-Length of an aws-chunked
// body (the length of its payload).
func fixContentLength(h http.Header, before, after []byte) {
	if len(before) == len(after) {
		return
	}
	if h.Get("Content-Length") != "" {
		h.Set("Content-Length", strconv.Itoa(len(after)))
	}
	if h.Get("X-Amz-Decoded-Content-Length") != "" {
		if plain, _, err := decodeBody(h, after); err == nil {
			h.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(len(plain)))
		}
	}
}
