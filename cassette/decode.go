package cassette

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Unmarshal reads a cassette in the file format (see the package
// documentation). Each Interaction's Line is set to the line where it
// starts. An error is a *FormatError that names the line of the offending
// YAML node; Unmarshal never panics.
func Unmarshal(data []byte) (c *Cassette, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, &FormatError{Err: fmt.Errorf("the YAML library failed on this input (%v): "+
				"please report it at https://github.com/tapedeck/recorder/issues", r)}
		}
	}()
	if err := checkChars(data); err != nil {
		return nil, err
	}
	if c, err, ok := scan(data); ok {
		return c, err
	}
	if line, n := longestLine(data); n > maxParsedLine {
		return nil, errorf(line, "this line is %d MiB long, and the file is not in the form tapedeck writes, "+
			"which is the only form read with lines over %d MiB (the general YAML reader needs several times "+
			"a line's size in memory): save the cassette with tapedeck, or break the line", n>>20, maxParsedLine>>20)
	}
	doc, err := parse(data)
	if err != nil {
		return nil, err
	}
	return decodeCassette(doc)
}

// maxParsedLine bounds the lines of a file read with the yaml parser, which
// needs about 7 times a long scalar's size.
const maxParsedLine = 32 << 20

// longestLine returns the number and length of the longest line of data.
func longestLine(data []byte) (line, length int) {
	for n := 1; len(data) > 0; n++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data)
		}
		if i > length {
			line, length = n, i
		}
		data = data[min(i+1, len(data)):]
	}
	return line, length
}

// parse returns the one YAML document in data.
func parse(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(err, data)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errorf(1, "the file is empty: a cassette starts with \"version: %d\"", Version)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlError(err, data)
	default:
		return nil, errorf(extra.Line, "a second YAML document starts here: a cassette is one document, "+
			"remove this \"---\" line and what follows")
	}
	if err := checkAliases(&doc); err != nil {
		return nil, err
	}
	return &doc, nil
}

// yamlError turns an error of the yaml parser, "yaml: line 3: message",
// into a *FormatError at the line it is about. yaml counts lines from 0 in
// the errors of its parser (as opposed to its scanner) and leaves the line
// out when it is the first, so those are moved one line down; its errors
// about anchors name no line, which is found in data.
func yamlError(err error, data []byte) *FormatError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, text
			}
		}
	}
	switch {
	case isParserProblem(msg):
		line++
	case line == 0 && isScannerProblem(msg):
		line = 1
	case strings.HasPrefix(msg, "exceeded max depth"):
		// yaml names the line of the enclosing node for nesting by
		// indentation; the first line that nests that deep is the one.
		if l := deepLine(data, maxDepth); l > 0 {
			line = l
		}
	case line == 0:
		if name, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
			line = aliasLine(data, strings.TrimSuffix(name, "' referenced"))
		}
	}
	msg = "invalid YAML: " + msg
	bracket := true
	switch msg {
	case "invalid YAML: did not find expected ',' or ']'":
		msg = "invalid YAML: the [ on this line is not closed: add the missing ] (or a missing comma)"
	case "invalid YAML: did not find expected ',' or '}'":
		msg = "invalid YAML: the { on this line is not closed: add the missing } (or a missing comma)"
	default:
		bracket = false
	}
	// An error at the end of the file is on the line after the last one.
	if last := bytes.Count(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) + 1; line > last {
		line = last
		if !bracket {
			msg += " at the end of the file"
		}
	}
	return errorf(line, "%s", msg)
}

// maxDepth is the nesting the yaml parser allows.
const maxDepth = 10000

// deepLine returns the first line of data that opens more than depth
// levels of nesting by itself (flow brackets, "- " items, indentation), or 0.
func deepLine(data []byte, depth int) int {
	for line := 1; len(data) > 0; line++ {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		n := len(l) - len(bytes.TrimLeft(l, " "))
		n += bytes.Count(l, []byte("[")) + bytes.Count(l, []byte("{")) + bytes.Count(l, []byte("- "))
		if n > depth {
			return line
		}
	}
	return 0
}

// parserProblems are the messages of the errors of yaml's parser, whose
// line yaml reports counted from 0.
var parserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func isParserProblem(msg string) bool { return slices.Contains(parserProblems, msg) }

// isScannerProblem reports whether msg is an error of yaml's scanner or
// parser rather than of its decoder, which names no line.
func isScannerProblem(msg string) bool {
	return !strings.HasPrefix(msg, "unknown anchor") && !strings.HasPrefix(msg, "anchor ") &&
		!strings.HasPrefix(msg, "document contains excessive aliasing")
}

// aliasLine returns the line of the first alias *name in data, or 0.
func aliasLine(data []byte, name string) int {
	alias := []byte("*" + name)
	for off := 0; ; {
		i := bytes.Index(data[off:], alias)
		if i < 0 {
			return 0
		}
		i += off
		end := i + len(alias)
		if (i == 0 || bytes.IndexByte([]byte(" \t[{,:-?\n"), data[i-1]) >= 0) &&
			(end == len(data) || bytes.IndexByte([]byte(" \t]},\r\n"), data[end]) >= 0) {
			return 1 + bytes.Count(data[:i], []byte("\n"))
		}
		off = i + 1
	}
}

// checkChars returns an error at the first line of data that is not UTF-8
// text YAML can hold: invalid UTF-8, or a control character other than
// tab, newline and carriage return (YAML 1.2's printable set, which is what
// the yaml parser accepts). The yaml parser's own errors for these name no
// line.
func checkChars(data []byte) error {
	for i := 0; i < len(data); {
		// Eight bytes at a time up to the first that is not printable
		// ASCII (a newline included). The lowest byte flagged by these
		// subtractions is exact: a borrow only comes from a flagged byte.
		for i+8 <= len(data) {
			x := binary.LittleEndian.Uint64(data[i:])
			del := x ^ 0x7f7f7f7f7f7f7f7f // zero where x has 0x7f
			flags := (x | (x-0x2020202020202020)&^x | (del-0x0101010101010101)&^del) & 0x8080808080808080
			if flags != 0 {
				i += bits.TrailingZeros64(flags) / 8
				break
			}
			i += 8
		}
		if i >= len(data) {
			break
		}
		c := data[i]
		if c < utf8.RuneSelf {
			if printableASCII[c] {
				i++
				continue
			}
			line, col := position(data, i)
			return errorf(line, "column %d: the control character %U cannot appear in a YAML file: "+
				"write it as an escape in a double-quoted string (\"\\x%02x\"), "+
				"or store the body with body_format: base64", col, rune(c), c)
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			line, col := position(data, i)
			return errorf(line, "column %d: byte 0x%02x is not valid UTF-8: a cassette is UTF-8 text; "+
				"store bytes that are not with body_format: base64 or !!binary", col, c)
		}
		if !(r == 0x85 || r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000) {
			line, col := position(data, i)
			return errorf(line, "column %d: the control character %U cannot appear in a YAML file: "+
				"write it as an escape in a double-quoted string (\"\\u%04x\"), "+
				"or store the body with body_format: base64", col, r, r)
		}
		i += size
	}
	return nil
}

// printableASCII[c] reports whether the ASCII byte c may appear in YAML.
var printableASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	t['\t'], t['\n'], t['\r'] = true, true, true
	return t
}()

// position returns the 1-based line and column (in bytes) of data[i].
func position(data []byte, i int) (line, col int) {
	line = 1 + bytes.Count(data[:i], []byte("\n"))
	return line, i - (bytes.LastIndexByte(data[:i], '\n') + 1) + 1
}

// checkAliases returns an error for the first YAML alias (*name) under n:
// cassettes spell every value out, so that each can be reviewed where it is.
func checkAliases(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return errorf(n.Line, "alias *%s: cassettes do not use YAML aliases, write the value out in full", n.Value)
	}
	for _, c := range n.Content {
		if err := checkAliases(c); err != nil {
			return err
		}
	}
	return nil
}

func decodeCassette(doc *yaml.Node) (*Cassette, error) {
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errorf(root.Line, "a cassette is a mapping that starts with \"version: %d\", not %s",
			Version, describe(root))
	}
	version, err := decodeVersion(root)
	if err != nil {
		return nil, err
	}
	f, err := readFields(root, "the cassette", []string{"version", "seed", "redact", "interactions"})
	if err != nil {
		return nil, err
	}
	c := &Cassette{Version: version, Comment: decodeComment(doc, root)}
	if n := f.value("seed"); n != nil {
		var seed int64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&seed) != nil {
			return nil, errorf(n.Line, "seed: want an integer like 8167253529, got %s", describe(n))
		}
		c.Seed = &seed
	}
	if c.Redact, err = decodeRedaction(f.value("redact")); err != nil {
		return nil, err
	}
	if n := f.value("interactions"); n != nil && !isNull(n) {
		if n.Kind != yaml.SequenceNode {
			return nil, errorf(n.Line, "interactions: want a list of interactions (\"- request: ...\"), got %s", describe(n))
		}
		c.Interactions = make([]*Interaction, 0, len(n.Content))
		for _, item := range n.Content {
			in, err := decodeInteraction(item)
			if err != nil {
				return nil, err
			}
			c.Interactions = append(c.Interactions, in)
		}
	}
	return c, nil
}

// decodeVersion returns the version of the cassette, checked before
// anything else: a newer cassette may have fields this package does not
// know.
func decodeVersion(root *yaml.Node) (int, error) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Kind != yaml.ScalarNode || k.Value != "version" {
			continue
		}
		n := root.Content[i+1]
		v, err := intValue(n, "version", strconv.Itoa(Version))
		if err != nil {
			return 0, err
		}
		switch {
		case v > Version:
			return 0, &FormatError{Line: n.Line, Err: newerVersionError{v}}
		case v < 1:
			return 0, errorf(n.Line, "version %d is not a cassette version: versions start at 1, write \"version: %d\"", v, Version)
		}
		return v, nil
	}
	return 0, errorf(root.Line, "the cassette has no version: add \"version: %d\" at the top", Version)
}

// decodeComment returns the comment above the first field, without the
// "# " of each line.
func decodeComment(doc, root *yaml.Node) string {
	var blocks []string
	if doc.HeadComment != "" {
		blocks = append(blocks, doc.HeadComment)
	}
	if len(root.Content) > 0 && root.Content[0].HeadComment != "" {
		blocks = append(blocks, root.Content[0].HeadComment)
	}
	if len(blocks) == 0 {
		return ""
	}
	lines := strings.Split(strings.Join(blocks, "\n\n"), "\n")
	for i, line := range lines {
		line = strings.TrimPrefix(line, "#")
		lines[i] = strings.TrimPrefix(line, " ")
	}
	return strings.Join(lines, "\n")
}

func decodeInteraction(n *yaml.Node) (*Interaction, error) {
	f, err := readFields(n, "interaction", []string{"recorded_at", "duration", "request", "response"})
	if err != nil {
		return nil, err
	}
	in := &Interaction{Line: n.Line}
	if v := f.value("recorded_at"); v != nil {
		s, err := stringValue(v, "recorded_at")
		if err != nil {
			return nil, err
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, errorf(v.Line, "recorded_at %q is not an RFC 3339 time like 2026-11-23T18:00:00Z", s)
		}
		in.RecordedAt = t.UTC()
	}
	if v := f.value("duration"); v != nil {
		s, err := stringValue(v, "duration")
		if err != nil {
			return nil, err
		}
		if in.Duration, err = parseDuration(s, v.Line); err != nil {
			return nil, err
		}
	}
	v := f.value("request")
	if v == nil {
		return nil, errorf(n.Line, "the interaction has no request: add one with at least method and url")
	}
	if err := decodeRequest(v, &in.Request); err != nil {
		return nil, err
	}
	if v = f.value("response"); v == nil {
		return nil, errorf(n.Line, "the interaction has no response: add one with at least code")
	}
	if err := decodeResponse(v, &in.Response); err != nil {
		return nil, err
	}
	return in, nil
}

var requestFields = append([]string{"method", "url", "headers"}, bodyFields...)

func decodeRequest(n *yaml.Node, r *Request) error {
	f, err := readFields(n, "request", requestFields)
	if err != nil {
		return err
	}
	if r.Method, err = optionalString(f, "method"); err != nil {
		return err
	}
	if r.URL, err = optionalString(f, "url"); err != nil {
		return err
	}
	if v := f.value("headers"); v != nil {
		if r.Headers, err = decodeHeader(v, "headers"); err != nil {
			return err
		}
	}
	r.Body, err = decodeBody(f, r.Headers)
	return err
}

var responseFields = append(append([]string{"status", "code", "proto", "headers", "trailers"}, bodyFields...), fieldEvents, fieldChunks, fieldBodyFile, fieldBodySize)

func decodeResponse(n *yaml.Node, r *Response) error {
	f, err := readFields(n, "response", responseFields)
	if err != nil {
		return err
	}
	if r.Status, err = optionalString(f, "status"); err != nil {
		return err
	}
	v := f.value("code")
	if v == nil {
		return errorf(n.Line, "the response has no code: add the status code, e.g. \"code: 200\"")
	}
	if r.Code, err = intValue(v, "code", "200"); err != nil {
		return err
	}
	if err := checkCode(r.Code, v.Line); err != nil {
		return err
	}
	if r.Proto, err = optionalString(f, "proto"); err != nil {
		return err
	}
	if v := f.value("headers"); v != nil {
		if r.Headers, err = decodeHeader(v, "headers"); err != nil {
			return err
		}
	}
	if v := f.value("trailers"); v != nil {
		if r.Trailers, err = decodeHeader(v, "trailers"); err != nil {
			return err
		}
	}
	if ok, err := decodeBodyFile(f, r); ok || err != nil {
		return err
	}
	if isSSE(f) {
		if n := f.value(fieldChunks); n != nil {
			return errorf(n.Line, "chunks with body_format: sse: the events hold when each arrived, remove chunks")
		}
		r.Body, r.EventTimes, err = decodeEvents(f)
		return err
	}
	if r.Body, err = decodeBody(f, r.Headers); err != nil {
		return err
	}
	if n := f.value(fieldChunks); n != nil {
		r.Chunks, err = decodeChunks(n, len(r.Body))
	}
	return err
}

// parseDuration returns the duration s, the value of duration at line.
func parseDuration(s string, line int) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errorf(line, "duration %q is not a duration like 84ms or 1.5s", s)
	}
	if d < 0 {
		return 0, errorf(line, "duration %s is negative: a round trip takes 0s or more", s)
	}
	return d, nil
}

// checkCode returns an error for a status code that HTTP cannot send: a
// code has three digits (RFC 9110, section 15).
func checkCode(code, line int) error {
	if code < 100 || code > 999 {
		return errorf(line, "code %d is not an HTTP status code: a status code has three digits, like 200", code)
	}
	return nil
}

// decodeHeader returns the header mapping n, keys as written.
func decodeHeader(n *yaml.Node, what string) (http.Header, error) {
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, errorf(n.Line, "%s: want a mapping of names to lists of values, "+
			"like \"Accept: [application/json]\", got %s", what, describe(n))
	}
	if len(n.Content) == 0 {
		return nil, nil
	}
	h := make(http.Header, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name, err := stringValue(k, what+" name")
		if err != nil {
			return nil, err
		}
		if _, dup := h[name]; dup {
			return nil, errorf(k.Line, "%s: %q appears twice: put all its values in one list", what, name)
		}
		if v.Kind != yaml.SequenceNode {
			return nil, errorf(v.Line, "%s: %q: want a list of values like [value], got %s", what, name, describe(v))
		}
		values := make([]string, 0, len(v.Content))
		for _, item := range v.Content {
			s, err := stringValue(item, fmt.Sprintf("%s: %q", what, name))
			if err != nil {
				return nil, err
			}
			values = append(values, s)
		}
		h[name] = values
	}
	return h, nil
}

// fields holds the values of a mapping's fields, checked against the names
// the mapping may have.
type fields struct {
	known  []string
	values []*yaml.Node // values[i] is the value of known[i], or nil
}

// readFields reads the mapping n of a section ("request", ...) that may
// have the fields known, rejecting unknown and repeated fields.
func readFields(n *yaml.Node, section string, known []string) (*fields, error) {
	f := &fields{known: known, values: make([]*yaml.Node, len(known))}
	if isNull(n) {
		return f, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, errorf(n.Line, "%s: want a mapping of fields (%s), got %s",
			section, strings.Join(known, ", "), describe(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		j := -1
		if k.Kind == yaml.ScalarNode {
			j = indexOf(known, k.Value)
		}
		if j < 0 {
			return nil, errorf(k.Line, "unknown field %s in %s: the fields are %s",
				describe(k), section, strings.Join(known, ", "))
		}
		if f.values[j] != nil {
			return nil, errorf(k.Line, "field %q appears twice in %s", k.Value, section)
		}
		f.values[j] = n.Content[i+1]
	}
	return f, nil
}

// value returns the value of the field name, or nil if it is absent.
func (f *fields) value(name string) *yaml.Node {
	if i := indexOf(f.known, name); i >= 0 {
		return f.values[i]
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// optionalString returns the string field name of f, or "" if absent.
func optionalString(f *fields, name string) (string, error) {
	v := f.value(name)
	if v == nil {
		return "", nil
	}
	return stringValue(v, name)
}

// stringValue returns the text of the scalar n: its value as written, the
// decoded bytes of a !!binary value, "" for null.
func stringValue(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", errorf(n.Line, "%s: want a string, got %s", what, describe(n))
	}
	switch n.ShortTag() {
	case "!!null":
		return "", nil
	case "!!binary":
		b, err := base64.StdEncoding.DecodeString(stripSpace(n.Value))
		if err != nil {
			return "", errorf(n.Line, "%s: the !!binary value is not valid base64: %v", what, err)
		}
		return string(b), nil
	}
	return n.Value, nil
}

// intValue returns the integer scalar n; example is a valid value for the
// error message.
func intValue(n *yaml.Node, what, example string) (int, error) {
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		return 0, errorf(n.Line, "%s: want an integer like %s, got %s", what, example, describe(n))
	}
	return v, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe returns n as an error message shows it.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing"
		}
		s := n.Value
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		return strconv.Quote(s)
	}
	return "an unexpected YAML node"
}
