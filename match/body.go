package match

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tapedeck/recorder/cassette"
)

// Body returns a Matcher that compares request bodies. A body whose request
// says it is JSON (Content-Type application/json or */*+json), or that has no
// Content-Type and parses as JSON, is compared as JSON: key order and white
// space do not matter, and the Mismatch names each JSON field that differs.
// Other bodies must be equal byte for byte. An absent body equals an empty one.
func Body() Matcher { return body{} }

type body struct{}

func (body) Match(live, recorded *cassette.Request) error {
	lc, rc := canonicalBody(live), canonicalBody(recorded)
	if bytes.Equal(lc, rc) {
		return nil
	}
	return &Mismatch{Matcher: "body", Differences: bodyDifferences(recorded, live)}
}

func (body) Key(r *cassette.Request, h *maphash.Hash) { h.Write(canonicalBody(r)) }

// canonicalBody is the form in which Body compares r's body: compact JSON
// with sorted keys for JSON bodies, the bytes otherwise.
func canonicalBody(r *cassette.Request) []byte {
	if len(r.Body) == 0 {
		return nil
	}
	if isJSONRequest(r) {
		if c, ok := canonicalJSON(r.Body); ok {
			return c
		}
	}
	return r.Body
}

// isJSONRequest reports whether r's body should be read as JSON.
func isJSONRequest(r *cassette.Request) bool {
	ct := r.Headers.Get("Content-Type")
	if ct == "" {
		b := bytes.TrimLeft(r.Body, " \t\r\n")
		return len(b) > 0 && (b[0] == '{' || b[0] == '[')
	}
	return isJSONMediaType(ct)
}

func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// bodyDifferences explains how two bodies differ: field by field when both
// are JSON, else by a short excerpt around the first difference.
func bodyDifferences(recorded, live *cassette.Request) []Difference {
	if isJSONRequest(recorded) && isJSONRequest(live) {
		rv, rok := decodeJSON(recorded.Body)
		lv, lok := decodeJSON(live.Body)
		if rok && lok {
			if ds := jsonDifferences(rv, lv); len(ds) > 0 {
				return ds
			}
		}
	}
	r, l := recorded.Body, live.Body
	at := 0
	for at < len(r) && at < len(l) && r[at] == l[at] {
		at++
	}
	path := "body"
	if at > 0 {
		path = fmt.Sprintf("body (from byte %d)", at)
	}
	return []Difference{{Path: path, Recorded: excerpt(r, at), Live: excerpt(l, at)}}
}

// excerpt shows up to 60 bytes of b from offset at, quoted; binary bodies are
// described by their size.
func excerpt(b []byte, at int) string {
	if len(b) == 0 {
		return "(empty)"
	}
	if !utf8.Valid(b) {
		return fmt.Sprintf("(%d bytes of binary)", len(b))
	}
	// Step back to a rune boundary.
	for at > 0 && !utf8.RuneStart(b[at]) {
		at--
	}
	end := at + 60
	suffix := ""
	if end < len(b) {
		for end > at && !utf8.RuneStart(b[end]) {
			end--
		}
		suffix = "…"
	} else {
		end = len(b)
	}
	prefix := ""
	if at > 0 {
		prefix = "…"
	}
	return prefix + strconv.Quote(string(b[at:end])) + suffix
}
