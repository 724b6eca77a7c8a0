// Package govcr reads go-vcr cassettes into tapedeck interactions, with
// notes on what the cassette does not keep: format version 1, as go-vcr v1
// and v2 (github.com/dnaeon/go-vcr/v2) write it, and version 2, as go-vcr
// v3 and v4 write it.
//
//	if govcr.IsCassette(data) {
//		conv, err := govcr.Read("testdata/github.yaml", data)
//	}
//
// Every interaction keeps its method, URL, request headers and body,
// status, response headers, trailers, body and duration. go-vcr keeps no
// recording time, so RecordedAt comes from the response's Date header.
package govcr

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/convert"
	"github.com/tapedeck/recorder/internal/english"
)

// The go-vcr cassette format, version 2, as go-vcr v3 and v4 write it
// (gopkg.in/dnaeon/go-vcr.v4/pkg/cassette: Interaction, Request, Response).
// Version 1, as go-vcr v1 and v2 write it, has a subset of these fields:
// no id, and in a request only body, form, headers, url and method, in a
// response only body, headers, status, code and duration.
type goVCRInteraction struct {
	ID       int           `yaml:"id"`
	Request  goVCRRequest  `yaml:"request"`
	Response goVCRResponse `yaml:"response"`
}

type goVCRRequest struct {
	Proto            string      `yaml:"proto"`
	ProtoMajor       int         `yaml:"proto_major"`
	ProtoMinor       int         `yaml:"proto_minor"`
	ContentLength    int64       `yaml:"content_length"`
	TransferEncoding []string    `yaml:"transfer_encoding"`
	Trailer          http.Header `yaml:"trailer"`
	Host             string      `yaml:"host"`
	RemoteAddr       string      `yaml:"remote_addr"`
	RequestURI       string      `yaml:"request_uri"`
	Body             string      `yaml:"body"`
	Form             url.Values  `yaml:"form"`
	Headers          http.Header `yaml:"headers"`
	URL              string      `yaml:"url"`
	Method           string      `yaml:"method"`
}

type goVCRResponse struct {
	Proto            string        `yaml:"proto"`
	ProtoMajor       int           `yaml:"proto_major"`
	ProtoMinor       int           `yaml:"proto_minor"`
	TransferEncoding []string      `yaml:"transfer_encoding"`
	Trailer          http.Header   `yaml:"trailer"`
	ContentLength    int64         `yaml:"content_length"`
	Uncompressed     bool          `yaml:"uncompressed"`
	Body             string        `yaml:"body"`
	Headers          http.Header   `yaml:"headers"`
	Status           string        `yaml:"status"`
	Code             int           `yaml:"code"`
	Duration         goVCRDuration `yaml:"duration"`
}

// goVCRDuration reads a duration as go-vcr's YAML libraries write
// time.Duration: a string such as "415.835458ms", or a number of
// nanoseconds. It rejects a negative one, or one longer than
// convert.MaxDuration.
type goVCRDuration time.Duration

func (d *goVCRDuration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &fieldError{n.Line, "duration: want a duration such as 84ms"}
	}
	var v time.Duration
	if ns := int64(0); n.Decode(&ns) == nil {
		v = time.Duration(ns)
	} else if parsed, err := time.ParseDuration(n.Value); err == nil {
		v = parsed
	} else {
		return &fieldError{n.Line, fmt.Sprintf("duration %q is not a duration such as 84ms", n.Value)}
	}
	if p := convert.DurationProblem(v); p != "" {
		return &fieldError{n.Line, fmt.Sprintf("duration %s %s: it is how long the request took; correct it or delete the line", n.Value, p)}
	}
	*d = goVCRDuration(v)
	return nil
}

// A fieldError is a go-vcr field whose value import cannot take, at a
// line of the file.
type fieldError struct {
	line int
	msg  string
}

func (e *fieldError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// The fields of each go-vcr mapping, to tell a field this reader does not
// know (from a newer go-vcr) from the ones it maps or leaves out on purpose.
var (
	goVCRInteractionFields = []string{"id", "request", "response"}
	goVCRRequestFields     = []string{"proto", "proto_major", "proto_minor", "content_length", "transfer_encoding",
		"trailer", "host", "remote_addr", "request_uri", "body", "form", "headers", "url", "method"}
	goVCRResponseFields = []string{"proto", "proto_major", "proto_minor", "transfer_encoding", "trailer",
		"content_length", "uncompressed", "body", "headers", "status", "code", "duration"}
)

// Read converts the go-vcr cassette (format version 1 or 2) data, read
// from path (which the errors and sources name). A file that is not such a
// cassette (a tapedeck one, another version) or a field that cannot be read
// is an error with the line and the fix; fields Read does not know are left
// out, with a note.
func Read(path string, data []byte) (*convert.Result, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the file is empty, not a go-vcr cassette", path)
		}
		return nil, fmt.Errorf("%s: not a go-vcr cassette: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: the file holds no YAML value, not a go-vcr cassette", path)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: not a go-vcr cassette: want a mapping with version and interactions", path, root.Line)
	}
	version, interactions := mappingValue(root, "version"), mappingValue(root, "interactions")
	if version == nil || interactions == nil {
		return nil, fmt.Errorf("%s:%d: not a go-vcr cassette: it needs \"version: 1\" or \"version: 2\" and \"interactions:\"", path, root.Line)
	}
	switch version.Value {
	case "1":
		if isTapedeck(data) {
			return nil, fmt.Errorf("%s:%d: this is a tapedeck cassette already; there is nothing to import", path, version.Line)
		}
	case "2":
	default:
		return nil, fmt.Errorf("%s:%d: go-vcr cassette version %q: tapedeck imports go-vcr's versions 1 (go-vcr v1 and v2) and 2 (go-vcr v3 and v4); "+
			"load and save it with go-vcr v4 first", path, version.Line, version.Value)
	}
	if interactions.Kind != yaml.SequenceNode && !(interactions.Kind == yaml.ScalarNode && interactions.Tag == "!!null") {
		return nil, fmt.Errorf("%s:%d: interactions: want a list", path, interactions.Line)
	}

	conv := &convert.Result{}
	unknown := map[string]int{} // "request.foo" -> first line
	var dropped convert.Drops
	noDate, uncompressed := 0, 0
	for _, n := range interactions.Content {
		var gi goVCRInteraction
		if err := n.Decode(&gi); err != nil {
			var fe *fieldError
			if errors.As(err, &fe) {
				return nil, fmt.Errorf("%s:%d: %s", path, fe.line, fe.msg)
			}
			return nil, fmt.Errorf("%s:%d: this interaction does not read as go-vcr's: %s", path, n.Line, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		unknownFields(n, "", goVCRInteractionFields, unknown)
		if rq := mappingValue(n, "request"); rq != nil {
			unknownFields(rq, "request.", goVCRRequestFields, unknown)
		}
		if rs := mappingValue(n, "response"); rs != nil {
			unknownFields(rs, "response.", goVCRResponseFields, unknown)
		}
		if c := gi.Response.Code; c < 100 || c > 999 {
			return nil, fmt.Errorf("%s:%d: response code %d is not an HTTP status code: "+
				"a tapedeck cassette holds three-digit codes; correct it or delete the interaction", path, n.Line, c)
		}
		if gi.Response.Duration < 0 {
			return nil, fmt.Errorf("%s:%d: response duration %v is negative: correct it or delete the field",
				path, n.Line, time.Duration(gi.Response.Duration))
		}
		in := fromGoVCR(&gi, &dropped)
		if in.RecordedAt.IsZero() {
			noDate++
		}
		if gi.Response.Uncompressed {
			uncompressed++
		}
		conv.Add(in, fmt.Sprintf("%s:%d", path, n.Line))
	}

	if noDate > 0 {
		conv.Notef("go-vcr keeps no recording time: recorded_at comes from the Date header, which %s of %s lack; "+
			"those have no recorded_at and count as stale under any expiry rule", english.Plural(noDate, "response"), english.Plural(len(conv.Interactions), "interaction"))
	} else if len(conv.Interactions) > 0 {
		conv.Notef("go-vcr keeps no recording time: recorded_at comes from each response's Date header")
	}
	if uncompressed > 0 {
		conv.Notef("uncompressed: true in %s: Go's transport had decompressed the body before go-vcr saw it, "+
			"so it is kept decoded, as go-vcr replays it", english.Plural(uncompressed, "response"))
	}
	conv.Notes = append(conv.Notes, dropped.Notes()...)
	names := make([]string, 0, len(unknown))
	for name := range unknown {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		conv.Notef("%s:%d: field %s is not one tapedeck knows in go-vcr cassettes, so it was left out", path, unknown[name], name)
	}
	return conv, nil
}

// fromGoVCR maps one go-vcr interaction, counting what is left out.
func fromGoVCR(gi *goVCRInteraction, dropped *convert.Drops) *cassette.Interaction {
	rq, rs := &gi.Request, &gi.Response
	in := &cassette.Interaction{
		Duration: cassette.RoundDuration(time.Duration(rs.Duration)),
		Request: cassette.Request{
			Method:  rq.Method,
			URL:     rq.URL,
			Headers: convert.EmptyToNil(rq.Headers),
			Body:    convert.BytesOrNil(rq.Body),
		},
		Response: cassette.Response{
			Status:   rs.Status,
			Code:     rs.Code,
			Proto:    rs.Proto,
			Headers:  convert.EmptyToNil(rs.Headers),
			Trailers: convert.EmptyToNil(rs.Trailer),
			Body:     convert.BytesOrNil(rs.Body),
		},
	}
	if t, err := http.ParseTime(in.Response.Headers.Get("Date")); err == nil {
		in.RecordedAt = t.UTC()
	}
	if len(rq.Trailer) > 0 {
		dropped.Add("request trailers (tapedeck records none)")
	}
	if u, err := url.Parse(rq.URL); err == nil && rq.Host != "" && rq.Host != u.Host {
		dropped.Add("a Host that differs from the URL's host (tapedeck replays by URL)")
	}
	return in
}

// mappingValue returns the value of key in the mapping n, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// unknownFields records, with their first line, the keys of mapping n that
// are not in known.
func unknownFields(n *yaml.Node, prefix string, known []string, unknown map[string]int) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if slices.Contains(known, k.Value) {
			continue
		}
		if _, seen := unknown[prefix+k.Value]; !seen {
			unknown[prefix+k.Value] = k.Line
		}
	}
}

// isTapedeck reports whether data reads as a tapedeck cassette.
func isTapedeck(data []byte) bool {
	_, err := cassette.Unmarshal(data)
	return err == nil
}

var (
	versionOneLine = regexp.MustCompile(`(?m)^version: *1 *$`)
	versionTwoLine = regexp.MustCompile(`(?m)^version: *2 *$`)
	idLine         = regexp.MustCompile(`(?m)^ *- id: *\d+ *$`)
	// formLine is the form key go-vcr v1 and v2 write in every request
	// ("form: {}" when there is none), which tapedeck cassettes do not have.
	formLine = regexp.MustCompile(`(?m)^ {4,}form: *(\{\})? *$`)
)

// IsCassette reports whether data looks like a go-vcr cassette: format
// version 2 with numbered interactions ("- id: 0"), or format version 1
// with a form key in its requests, neither of which tapedeck cassettes
// have. The test is on the text, so it also holds for a cassette that does
// not parse.
func IsCassette(data []byte) bool {
	return versionTwoLine.Match(data) && idLine.Match(data) ||
		versionOneLine.Match(data) && formLine.Match(data)
}
