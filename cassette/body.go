package cassette

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The values of body_format. Text has no name: it is the absence of
// body_format.
const (
	formatJSON   = "json"
	formatBase64 = "base64"
)

// base64Width is the length of the lines of a base64 body.
const base64Width = 76

// appendBody appends to m the fields that store wire, the exact body bytes
// of a message with headers h: body_encoding and compression_level for a
// compressed body tapedeck can re-encode, body_format, and body.
func appendBody(m *yaml.Node, h http.Header, wire []byte) {
	if len(wire) == 0 {
		return
	}
	plain, comment := wire, ""
	if isAWSChunked(h) {
		var stored bool
		if stored, comment = appendAWSChunked(m, wire); stored {
			return
		}
	} else if c := contentEncoding(h); c != nil {
		decoded, err := c.decode(wire, maxDecoded)
		level, ok := 0, false
		if err == nil {
			level, ok = c.findLevel(decoded, wire)
		}
		switch {
		case errors.Is(err, errTooLarge):
			comment = "# " + c.name + " body kept as sent: decoded, it would be larger than " +
				strconv.Itoa(maxDecoded>>20) + " MiB"
		case err != nil:
			comment = "# " + c.name + " body kept as sent: it does not decode as " + c.name
		case !ok:
			comment = "# " + c.name + " body kept as sent: tapedeck cannot reproduce the server's " +
				"compression byte for byte"
		default:
			plain = decoded
			appendField(m, "body_encoding", stringNode(c.name))
			if level != c.defaultLevel {
				appendField(m, "compression_level", intNode(level))
			}
		}
	}
	if len(plain) == 0 {
		return
	}
	format, value := encodeBytes(plain)
	if format != "" {
		appendField(m, "body_format", stringNode(format))
	}
	key := appendField(m, "body", value)
	key.HeadComment = comment
}

// encodeBytes chooses how to store b and returns its body_format ("" for
// text) and the scalar that holds it.
func encodeBytes(b []byte) (format string, value *yaml.Node) {
	if !IsText(b) {
		return formatBase64, base64Node(b)
	}
	if len(b) <= compactJSONLimit {
		if indented, ok := indentJSON(b); ok {
			return formatJSON, textNode(string(indented))
		}
	} else if b[0] == '{' || b[0] == '[' {
		// Compact JSON too large to review is kept as sent, on one line:
		// see compactJSONLimit.
		n := textNode(string(b))
		if n.Style == 0 {
			n.Style = yaml.LiteralStyle
		}
		return "", n
	}
	return "", textNode(string(b))
}

// compactJSONLimit is the size above which a compact JSON body is stored as
// sent, as text on one line, rather than indented: nobody reviews ten
// thousand lines of JSON, a re-recorded one differs on most lines anyway,
// and indenting it on save and compacting it again on load cost a quarter
// of the time of loading it.
const compactJSONLimit = 256 << 10

// textNode returns s as a scalar that reads back as exactly s. yaml writes
// a string with a newline as a literal block, and quotes it instead when a
// block cannot hold it exactly (trailing spaces, \r, characters outside the
// Basic Multilingual Plane). One case it misses: a block whose first line
// starts with a tab cannot be read back, so such text is double-quoted.
func textNode(s string) *yaml.Node {
	n := stringNode(s)
	if strings.HasPrefix(s, "\t") {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// IsText reports whether a cassette stores b as text rather than in
// base64: b is valid UTF-8 without control characters other than \n, \r
// and \t. Tools that show or convert bodies use it to treat them as the
// file does.
func IsText(b []byte) bool {
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || unicode.IsControl(r) {
			return false
		}
		i += size
	}
	return true
}

// indentJSON returns b indented by two spaces when b is a compact JSON
// object or array that compacting the indented form gives back exactly.
func indentJSON(b []byte) ([]byte, bool) {
	if len(b) == 0 || b[0] != '{' && b[0] != '[' {
		return nil, false
	}
	var compact bytes.Buffer
	if json.Compact(&compact, b) != nil || !bytes.Equal(compact.Bytes(), b) {
		return nil, false
	}
	// Indent adds only white space outside strings, which Compact takes
	// out again: b, compact, comes back from the indented form as it is.
	var indented bytes.Buffer
	if json.Indent(&indented, b, "", "  ") != nil {
		return nil, false
	}
	return indented.Bytes(), true
}

// base64Node returns b in base64 as a literal block of base64Width columns.
func base64Node(b []byte) *yaml.Node {
	enc := base64.StdEncoding.EncodeToString(b)
	var sb strings.Builder
	sb.Grow(len(enc) + len(enc)/base64Width + 1)
	for len(enc) > base64Width {
		sb.WriteString(enc[:base64Width])
		sb.WriteByte('\n')
		enc = enc[base64Width:]
	}
	sb.WriteString(enc)
	sb.WriteByte('\n')
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Value: sb.String()}
}

// bodyFields are the fields of a request or response that store its body.
var bodyFields = append([]string{"body_encoding", "compression_level", "body_format", "body"}, awsChunkedFields...)

// A bodySpec holds the body fields of a request or response as read from
// the file, before they are turned into the wire bytes. Both readers (the
// one for the form Marshal writes and the one for any YAML) fill it, so
// that both check the fields alike.
type bodySpec struct {
	format     string // the body_format value, when hasFormat
	formatLine int
	hasFormat  bool
	// text is the body scalar's text, when hasBody. It may be memory the
	// reader reuses: wire copies what it keeps.
	text     []byte
	textLine int
	hasBody  bool
	// literal reports that text is a literal block whose lines are the
	// lines of the file after textLine.
	literal      bool
	encoding     string // the body_encoding value, when hasEncoding
	encodingLine int
	hasEncoding  bool
	level        int // the compression_level value, when hasLevel
	levelLine    int
	hasLevel     bool
}

// decodeBody returns the wire bytes stored in the body fields of f, those
// of a message with headers h.
func decodeBody(f *fields, h http.Header) ([]byte, error) {
	var b bodySpec
	var err error
	if n := f.value("body_format"); n != nil {
		if b.format, err = stringValue(n, "body_format"); err != nil {
			return nil, err
		}
		b.formatLine, b.hasFormat = n.Line, true
	}
	if n := f.value("body"); n != nil {
		s, err := stringValue(n, "body")
		if err != nil {
			return nil, err
		}
		b.text, b.textLine, b.hasBody = []byte(s), n.Line, true
		b.literal = n.Style&yaml.LiteralStyle != 0
	}
	if n := f.value("body_encoding"); n != nil {
		if b.encoding, err = stringValue(n, "body_encoding"); err != nil {
			return nil, err
		}
		b.encodingLine, b.hasEncoding = n.Line, true
	}
	if n := f.value("compression_level"); n != nil {
		b.levelLine, b.hasLevel = n.Line, true
		if b.hasEncoding && codecNamed(b.encoding) != nil {
			// Checked here only when wire would get to it.
			if b.level, err = intValue(n, "compression_level", "9"); err != nil {
				return nil, err
			}
		}
	}
	if err := checkAWSChunkedFields(f, f.value("body_encoding")); err != nil {
		return nil, err
	}
	if b.hasEncoding && b.encoding == awsChunkedName && !b.hasLevel {
		// Framed again around the plain body (see awschunked.go).
		plain := b
		plain.hasEncoding = false
		body, err := plain.wire(h, nil)
		if err != nil {
			return nil, err
		}
		return awsChunkedWire(f, body)
	}
	return b.wire(h, nil)
}

// wire returns the exact body bytes that b stores for a message with
// headers h. scratch, when not nil, is a buffer wire may use and reset.
func (b *bodySpec) wire(h http.Header, scratch *bytes.Buffer) ([]byte, error) {
	if b.hasFormat && b.format == formatSSE {
		return nil, errorf(b.formatLine, "body_format: sse without events: a response stores a text/event-stream "+
			"body as a list of events, under events; use json or base64, or leave body_format out for text")
	}
	if b.hasFormat && b.format != formatJSON && b.format != formatBase64 {
		return nil, errorf(b.formatLine, "body_format %q is not a body format: use json or base64, "+
			"or leave body_format out for text", b.format)
	}
	var plain []byte
	if b.hasBody {
		var err error
		if plain, err = b.decodeText(scratch); err != nil {
			return nil, err
		}
	}
	if !b.hasEncoding {
		if b.hasLevel {
			return nil, errorf(b.levelLine, "compression_level without body_encoding: "+
				"add body_encoding or remove compression_level")
		}
		return plain, nil
	}
	c := codecNamed(b.encoding)
	if c == nil {
		return nil, errorf(b.encodingLine, "body_encoding %q is not one tapedeck re-encodes: "+
			"use gzip, deflate, br or aws-chunked, or store the body as sent with body_format: base64", b.encoding)
	}
	if contentEncoding(h) != c {
		return nil, errorf(b.encodingLine, "body_encoding %s without the header Content-Encoding: [%s]: "+
			"add that header to headers, or remove body_encoding and compression_level "+
			"to replay the body uncompressed", b.encoding, b.encoding)
	}
	level := c.defaultLevel
	if b.hasLevel {
		level = b.level
		if level < c.minLevel || level > c.maxLevel {
			return nil, errorf(b.levelLine, "compression_level %d is out of range for %s: "+
				"use %d to %d, or leave it out for the default", level, c.name, c.minLevel, c.maxLevel)
		}
	}
	wire, err := c.encode(plain, level)
	if err != nil {
		return nil, errorf(b.encodingLine, "cannot %s-encode the body: %v", c.name, err)
	}
	return wire, nil
}

// decodeText returns the bytes that b.text holds in b.format, in memory of
// their own.
func (b *bodySpec) decodeText(scratch *bytes.Buffer) ([]byte, error) {
	if scratch == nil {
		scratch = new(bytes.Buffer)
	}
	scratch.Reset()
	switch b.format {
	case formatJSON:
		if err := json.Compact(scratch, b.text); err != nil {
			// json.Compact's errors have no offset; Unmarshal's do.
			if located := json.Unmarshal(b.text, new(json.RawMessage)); located != nil {
				err = located
			}
			return nil, errorf(b.jsonErrorLine(err), "body is not valid JSON (body_format: json): %v", err)
		}
		return bytes.Clone(scratch.Bytes()), nil
	case formatBase64:
		scratch.Grow(len(b.text))
		for _, c := range b.text {
			switch c {
			case ' ', '\n', '\r', '\t':
			default:
				scratch.WriteByte(c)
			}
		}
		enc := base64.StdEncoding.Strict()
		out := make([]byte, enc.DecodedLen(scratch.Len()))
		n, err := enc.Decode(out, scratch.Bytes())
		if err != nil {
			return nil, errorf(b.textLine, "body is not valid base64 (body_format: base64): %v", err)
		}
		return out[:n:n], nil
	}
	if len(b.text) == 0 {
		return []byte{}, nil
	}
	return bytes.Clone(b.text), nil
}

// jsonErrorLine returns the line of the file where the JSON syntax error
// err in the body is, when the body is a block scalar whose lines are the
// lines of the file; otherwise the line of the body.
func (b *bodySpec) jsonErrorLine(err error) int {
	var syntax *json.SyntaxError
	if !b.literal || !errors.As(err, &syntax) || syntax.Offset > int64(len(b.text)) {
		return b.textLine
	}
	// The block's first line is the one after the "body: |" indicator.
	return b.textLine + 1 + bytes.Count(b.text[:max(syntax.Offset-1, 0)], []byte("\n"))
}

// stripSpace returns s without ASCII white space.
func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t':
			return -1
		}
		return r
	}, s)
}
