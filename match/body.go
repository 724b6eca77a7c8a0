package match

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tapedeck/recorder/cassette"
)

// Body returns a Matcher that compares request bodies the way the
// request's Content-Type says to read them:
//
//   - JSON (a media type whose subtype is json, ends in +json or holds
//     -json: application/json, text/json, application/problem+json,
//     application/x-amz-json-1.0; or no Content-Type and a body that starts
//     with { or [) as JSON values: key order and white space do not matter
//     (see JSON);
//   - application/x-www-form-urlencoded as a set of parameters (see Form);
//   - multipart/* part by part, whatever the boundary (see Multipart);
//   - anything else byte for byte, also a body that parses as JSON under
//     another Content-Type (text/plain, application/octet-stream): the
//     type says the bytes are what counts; use JSON to compare such
//     bodies as JSON.
//
// Both bodies must read the same way: a JSON body does not match a text
// one with the same bytes, and a body that does not parse as its
// Content-Type says is read as bytes. An absent body equals an empty one.
// The Mismatch names what differs: each JSON field ("body $.a"), form
// parameter ("body form name"), multipart part, or the first differing
// bytes.
func Body() Keyer { return bodyMatcher{name: "body"} }

// ExactBody returns a Matcher that compares request bodies byte for byte,
// whatever their Content-Type. An absent body equals an empty one.
func ExactBody() Keyer { return bodyMatcher{name: "exact body", rd: bodyReader{as: kindBytes}} }

// JSON returns a Matcher that compares request bodies as JSON, whatever
// their Content-Type: key order and white space do not matter, numbers
// compare as written (1 and 1.0 differ), and arrays compare in order unless
// IgnoreArrayOrder says otherwise; IgnorePaths leaves fields out. Its
// Mismatch names each value that differs by its JSON path ("body $.a"). A
// body that is not valid JSON matches only the same bytes. An absent body
// equals an empty one.
func JSON(opts ...JSONOption) Keyer {
	return bodyMatcher{name: "json body", rd: bodyReader{as: kindJSON, json: newJSONOptions(opts)}}
}

// Form returns a Matcher that compares application/x-www-form-urlencoded
// bodies as sets of parameters, whatever their Content-Type: the order of
// the parameters does not matter, also among the values of a repeated one.
// IgnoreParams leaves parameters out. Its Mismatch names each parameter
// that differs ("body form name"). A body that does not parse as a form
// matches only the same bytes.
func Form(opts ...ParamOption) Keyer {
	return bodyMatcher{name: "form body", rd: bodyReader{as: kindForm, form: newParamOptions(opts)}}
}

// Multipart returns a Matcher that compares multipart bodies (the boundary
// comes from each request's Content-Type) part by part, in order: each
// part's headers must be equal, and its body must match as Body compares
// bodies. The random boundary does not matter. Its Mismatch names the part
// and what differs in it ("body part 2 \"avatar\" header Content-Type"). A
// body that is not multipart matches only the same bytes.
func Multipart() Keyer { return bodyMatcher{name: "multipart body", rd: bodyReader{as: kindMultipart}} }

// CanonicalBody returns r's body in the form Body compares it: JSON
// compacted with object keys sorted, form parameters sorted, multipart
// parts without their boundary, any other body as it is. Bodies that Body
// matches have equal canonical forms. A recorder sorts concurrent
// recordings by it.
func CanonicalBody(r *cassette.Request) []byte {
	return bodyReader{}.read(r).canon
}

// bodyMatcher is every body matcher: it compares bodies as rd reads them.
type bodyMatcher struct {
	name string
	rd   bodyReader
}

func (m bodyMatcher) Match(live, recorded *cassette.Request) error {
	if m.rd.json != nil && m.rd.json.err != nil {
		return &Mismatch{Matcher: m.name, Reason: m.rd.json.err.Error()}
	}
	ds := m.rd.compare("body", recorded, live)
	if ds == nil {
		return nil
	}
	return &Mismatch{Matcher: m.name, Differences: ds}
}

func (m bodyMatcher) Key(r *cassette.Request, h *maphash.Hash) {
	rd := m.rd.read(r)
	h.WriteByte(byte(rd.kind))
	h.Write(rd.canon)
}

// HeaderNames is Content-Type when the matcher reads it and h has it.
func (m bodyMatcher) HeaderNames(h http.Header) []string {
	if (m.rd.as == kindEmpty || m.rd.as == kindMultipart) && h.Get("Content-Type") != "" {
		return []string{"Content-Type"}
	}
	return nil
}

// A kind is how a body is read.
type kind uint8

const (
	kindEmpty kind = iota // no body; in bodyReader.as: as the Content-Type says
	kindBytes
	kindJSON
	kindForm
	kindMultipart
)

var kindNames = [...]string{kindEmpty: "empty", kindBytes: "bytes", kindJSON: "JSON", kindForm: "form", kindMultipart: "multipart"}

// A bodyReader reads bodies the way one body matcher compares them.
type bodyReader struct {
	as   kind // what every body is read as; kindEmpty: as its Content-Type says
	json *jsonOptions
	form paramOptions
}

// A reading is a body as a matcher compares it: two bodies match when they
// have the same kind and canonical bytes.
type reading struct {
	kind  kind
	canon []byte
	json  any        // kindJSON: the decoded value, options applied
	form  url.Values // kindForm
	parts []part     // kindMultipart
	note  string     // kindBytes: why the body was not read as wanted
}

func (br bodyReader) read(r *cassette.Request) reading {
	if len(r.Body) == 0 {
		return reading{kind: kindEmpty}
	}
	want := br.as
	if want == kindEmpty {
		want = contentKind(r)
	}
	switch want {
	case kindJSON:
		if v, c, ok := br.json.readJSON(r.Body); ok {
			return reading{kind: kindJSON, canon: c, json: v}
		}
		return reading{kind: kindBytes, canon: r.Body, note: "not valid JSON"}
	case kindForm:
		if v, ok := br.form.parseParams(string(r.Body)); ok {
			return reading{kind: kindForm, canon: canonicalParams(v), form: v}
		}
		return reading{kind: kindBytes, canon: r.Body, note: "not a valid form"}
	case kindMultipart:
		parts, c, err := readMultipart(r)
		if err == nil {
			return reading{kind: kindMultipart, canon: c, parts: parts}
		}
		return reading{kind: kindBytes, canon: r.Body, note: "not multipart: " + err.Error()}
	}
	return reading{kind: kindBytes, canon: r.Body}
}

// contentKind says how r's Content-Type says to read its body.
func contentKind(r *cassette.Request) kind {
	ct := r.Headers.Get("Content-Type")
	if ct == "" {
		b := bytes.TrimLeft(r.Body, " \t\r\n")
		if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
			return kindJSON
		}
		return kindBytes
	}
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case err != nil:
		return kindBytes
	case isJSONType(mt):
		return kindJSON
	case mt == "application/x-www-form-urlencoded":
		return kindForm
	case strings.HasPrefix(mt, "multipart/"):
		return kindMultipart
	}
	return kindBytes
}

// isJSONType reports whether the media type mt (lower case, as
// mime.ParseMediaType returns it) is JSON: its subtype is json, ends in
// +json (application/problem+json, application/vnd.api+json) or holds
// -json (application/x-amz-json-1.0 and 1.1, what AWS's JSON APIs such as
// DynamoDB send).
func isJSONType(mt string) bool {
	_, sub, ok := strings.Cut(mt, "/")
	return ok && (sub == "json" || strings.HasSuffix(sub, "+json") || strings.Contains(sub, "-json"))
}

// compare returns nil when the bodies of recorded and live match, and
// otherwise what differs, each Path starting with prefix.
func (br bodyReader) compare(prefix string, recorded, live *cassette.Request) []Difference {
	rr, lr := br.read(recorded), br.read(live)
	if rr.kind == lr.kind && bytes.Equal(rr.canon, lr.canon) {
		return nil
	}
	return br.explain(prefix, recorded, live, rr, lr)
}

// explain says how two bodies that do not match differ.
func (br bodyReader) explain(prefix string, recorded, live *cassette.Request, rr, lr reading) []Difference {
	var ds []Difference
	switch {
	case rr.kind != lr.kind && rr.kind != kindEmpty && lr.kind != kindEmpty:
		ds = []Difference{{Path: prefix + " read as", Recorded: br.describe(recorded, rr), Live: br.describe(live, lr)}}
	case rr.kind != lr.kind:
		// One is empty: show the other.
	case rr.kind == kindJSON:
		ds = jsonDifferences(prefix, rr.json, lr.json, br.json)
	case rr.kind == kindForm:
		ds = paramDifferences(prefix+" form", rr.form, lr.form)
	case rr.kind == kindMultipart:
		ds = multipartDifferences(prefix, rr.parts, lr.parts)
	}
	if len(ds) > 0 {
		return ds
	}
	return []Difference{byteDifference(prefix, recorded.Body, live.Body)}
}

// describe says how a body was read, for a body that was read otherwise
// on the other side.
func (br bodyReader) describe(r *cassette.Request, rd reading) string {
	s := kindNames[rd.kind]
	if rd.note != "" {
		s += ", " + rd.note
	}
	if br.as == kindEmpty {
		if ct := r.Headers.Get("Content-Type"); ct != "" {
			s += " (Content-Type " + strconv.Quote(ct) + ")"
		} else {
			s += " (no Content-Type)"
		}
	}
	return s
}

// byteDifference shows two bodies from the first byte where they differ.
func byteDifference(prefix string, r, l []byte) Difference {
	at := 0
	for at < len(r) && at < len(l) && r[at] == l[at] {
		at++
	}
	path := prefix
	if at > 0 {
		path = fmt.Sprintf("%s (from byte %d)", prefix, at)
	}
	return Difference{Path: path, Recorded: excerpt(r, at), Live: excerpt(l, at)}
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
	if at >= len(b) {
		return "(nothing more)"
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
