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
	if c := contentEncoding(h); c != nil {
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
	if !isText(b) {
		return formatBase64, base64Node(b)
	}
	if indented, ok := indentJSON(b); ok {
		return formatJSON, textNode(string(indented))
	}
	return "", textNode(string(b))
}

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

// isText reports whether b is valid UTF-8 without control characters other
// than \n, \r and \t.
func isText(b []byte) bool {
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
	var indented bytes.Buffer
	if json.Indent(&indented, b, "", "  ") != nil {
		return nil, false
	}
	compact.Reset()
	if json.Compact(&compact, indented.Bytes()) != nil || !bytes.Equal(compact.Bytes(), b) {
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
var bodyFields = []string{"body_encoding", "compression_level", "body_format", "body"}

// decodeBody returns the wire bytes stored in the body fields of f, those
// of a message with headers h.
func decodeBody(f *fields, h http.Header) ([]byte, error) {
	format := ""
	if n := f.value("body_format"); n != nil {
		s, err := stringValue(n, "body_format")
		if err != nil {
			return nil, err
		}
		if s != formatJSON && s != formatBase64 {
			return nil, errorf(n.Line, "body_format %q is not a body format: use json or base64, "+
				"or leave body_format out for text", s)
		}
		format = s
	}
	var plain []byte
	if n := f.value("body"); n != nil {
		var err error
		if plain, err = decodeBytes(format, n); err != nil {
			return nil, err
		}
	}

	encNode, levelNode := f.value("body_encoding"), f.value("compression_level")
	if encNode == nil {
		if levelNode != nil {
			return nil, errorf(levelNode.Line, "compression_level without body_encoding: "+
				"add body_encoding or remove compression_level")
		}
		return plain, nil
	}
	name, err := stringValue(encNode, "body_encoding")
	if err != nil {
		return nil, err
	}
	c := codecNamed(name)
	if c == nil {
		return nil, errorf(encNode.Line, "body_encoding %q is not one tapedeck re-encodes: "+
			"use gzip, deflate or br, or store the body as sent with body_format: base64", name)
	}
	if contentEncoding(h) != c {
		return nil, errorf(encNode.Line, "body_encoding %s without the header Content-Encoding: [%s]: "+
			"add that header to headers, or remove body_encoding and compression_level "+
			"to replay the body uncompressed", name, name)
	}
	level := c.defaultLevel
	if levelNode != nil {
		if level, err = intValue(levelNode, "compression_level", "9"); err != nil {
			return nil, err
		}
		if level < c.minLevel || level > c.maxLevel {
			return nil, errorf(levelNode.Line, "compression_level %d is out of range for %s: "+
				"use %d to %d, or leave it out for the default", level, c.name, c.minLevel, c.maxLevel)
		}
	}
	wire, err := c.encode(plain, level)
	if err != nil {
		return nil, errorf(encNode.Line, "cannot %s-encode the body: %v", c.name, err)
	}
	return wire, nil
}

// decodeBytes returns the bytes that the body scalar n holds in format.
func decodeBytes(format string, n *yaml.Node) ([]byte, error) {
	s, err := stringValue(n, "body")
	if err != nil {
		return nil, err
	}
	switch format {
	case formatJSON:
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(s)); err != nil {
			// json.Compact's errors have no offset; Unmarshal's do.
			if located := json.Unmarshal([]byte(s), new(json.RawMessage)); located != nil {
				err = located
			}
			return nil, errorf(jsonErrorLine(n, s, err), "body is not valid JSON (body_format: json): %v", err)
		}
		return compact.Bytes(), nil
	case formatBase64:
		b, err := base64.StdEncoding.Strict().DecodeString(stripSpace(s))
		if err != nil {
			return nil, errorf(n.Line, "body is not valid base64 (body_format: base64): %v", err)
		}
		return b, nil
	}
	return []byte(s), nil
}

// jsonErrorLine returns the line of the file where the JSON syntax error
// err in body s (held by scalar n) is, when n is a block scalar whose lines
// are the lines of the file; otherwise the line of n.
func jsonErrorLine(n *yaml.Node, s string, err error) int {
	var syntax *json.SyntaxError
	if n.Style&yaml.LiteralStyle == 0 || !errors.As(err, &syntax) || syntax.Offset > int64(len(s)) {
		return n.Line
	}
	// The block's first line is the one after the "body: |" indicator.
	return n.Line + 1 + strings.Count(s[:max(syntax.Offset-1, 0)], "\n")
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
