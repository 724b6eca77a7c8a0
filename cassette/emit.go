package cassette

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// This file writes the YAML of an interaction without the YAML library:
// the same bytes that encodeInteraction and encodeYAML give, for a small
// interaction in a fortieth of the time. The library stays the reference.
// The emitter here ports the parts of yaml.v3's emitter (emitterc.go) and
// resolver (resolve.go) that the cassette format uses, at the settings
// encodeYAML uses (indent 2, no line width, Unicode output), and gives
// up, so that the caller uses the library, on anything it is not certain
// to write the same way. It writes the common bodies (text, base64, and
// compact JSON, indented in one pass by appendJSONBlock) without building
// their nodes; the others it writes from the nodes that body.go builds.

// canEmit reports whether emitItem may write in: it knows every field of
// in, and in is one that encodeInteraction accepts (the errors for the
// others come from the reference path). This is the one place that decides
// which interactions the fast path takes; a field the emitter does not
// write must make it return false. Values it turns out not to be certain of
// while writing (unusual strings) also send an interaction to the library.
func canEmit(in *Interaction) bool {
	if in == nil {
		return false
	}
	if !in.RecordedAt.IsZero() {
		if y := in.RecordedAt.UTC().Year(); y < 0 || y > 9999 {
			return false
		}
	}
	if in.Duration < 0 || in.Response.Code < 100 || in.Response.Code > 999 {
		return false
	}
	return true
}

// emitItem appends to buf in as its item of the interactions list, the
// bytes encodeItem returns for it, and reports whether it did; when it
// did not (see canEmit), buf is returned as it was.
func emitItem(buf []byte, in *Interaction) ([]byte, bool) {
	if !canEmit(in) {
		return buf, false
	}
	e := emitter{buf: buf}
	if !e.interaction(in) {
		return buf, false
	}
	return e.buf, true
}

// emitHead appends to buf the fields of c above its interactions, the
// bytes encodeYAML writes for encodeHead(c), and reports whether it did.
func emitHead(buf []byte, c *Cassette) ([]byte, bool) {
	if c.Redact.IsZero() {
		// The fields encodeHead builds, written here without building them.
		if text := strings.TrimRight(c.Comment, "\n"); text != "" {
			comment, err := commentLines(text)
			if err != nil || !plainComment(comment) {
				return buf, false
			}
			buf = append(append(buf, comment...), '\n')
		}
		buf = strconv.AppendInt(append(buf, "version: "...), Version, 10)
		if c.Seed != nil {
			buf = strconv.AppendInt(append(buf, "\nseed: "...), *c.Seed, 10)
		}
		return append(buf, '\n'), true
	}
	root, err := encodeHead(c)
	if err != nil {
		return buf, false
	}
	e := emitter{buf: buf}
	if !e.mapping(root, 0, false) {
		return buf, false
	}
	if e.keep {
		e.buf = append(e.buf, "...\n"...)
	}
	return e.buf, true
}

// An emitter writes YAML into buf. A value ends with the line break that
// ends its line.
type emitter struct {
	buf []byte
	// keep reports that the last thing written is a literal block kept
	// with its final line breaks (|+), after which yaml ends the document
	// with a "..." line.
	keep bool
}

// The places a scalar can be in, which decide how yaml writes it.
const (
	inBlock   = iota // the value of a block mapping
	inFlow           // an item of a flow sequence, or a value of a flow mapping
	inKey            // a key of a block mapping
	inFlowKey        // a key of a flow mapping
)

// The scalar styles of yaml's emitter, and styleImplicit: plain, for a
// scalar whose tag yaml drops because its text reads back as that type.
const (
	stylePlain = iota
	styleSingle
	styleDouble
	styleLiteral
	styleImplicit
)

// interaction writes in as an item of the interactions list.
func (e *emitter) interaction(in *Interaction) bool {
	e.buf = append(e.buf, "  - "...)
	if !in.RecordedAt.IsZero() {
		// encodeInteraction tags it !!timestamp, so that yaml writes it
		// unquoted, as it does text that reads back as a timestamp: what
		// RFC 3339 gives for a UTC time of the years 0 to 9999 (canEmit)
		// always does, and has no character yaml would quote.
		e.buf = append(e.buf, "recorded_at: "...)
		e.buf = in.RecordedAt.UTC().AppendFormat(e.buf, time.RFC3339Nano)
		e.buf = append(e.buf, '\n')
		e.indent(4)
	}
	if in.Duration != 0 {
		// What Duration.String gives for a positive duration (canEmit)
		// starts with a digit, ends with the s of a unit, which no number
		// has, and has no indicator: yaml writes it plain.
		e.buf = append(e.buf, "duration: "...)
		e.buf = append(e.buf, in.Duration.String()...)
		e.buf = append(e.buf, '\n')
		e.indent(4)
	}
	e.buf = append(e.buf, "request:"...)
	if !e.request(&in.Request) {
		return false
	}
	e.indent(4)
	e.buf = append(e.buf, "response:"...)
	return e.response(&in.Response)
}

// request writes the request mapping r, at indent 6, after its key.
func (e *emitter) request(r *Request) bool {
	// Without headers the body has no Content-Encoding: it is stored in
	// a body field when there is one.
	if r.Method == "" && r.URL == "" && len(r.Headers) == 0 && len(r.Body) == 0 {
		e.buf = append(e.buf, " {}\n"...)
		return true
	}
	e.buf = append(e.buf, '\n')
	if r.Method != "" && !e.field(6, "method", r.Method) {
		return false
	}
	if r.URL != "" && !e.field(6, "url", r.URL) {
		return false
	}
	encoded, ok := false, true
	if len(r.Headers) > 0 {
		if encoded, ok = e.header(6, "headers", r.Headers); !ok {
			return false
		}
	}
	return e.body(r.Headers, encoded, r.Body, 6)
}

// response writes the response mapping r, at indent 6, after its key,
// the fields encodeResponse builds.
func (e *emitter) response(r *Response) bool {
	e.buf = append(e.buf, '\n')
	if r.Status != "" && !e.field(6, "status", r.Status) {
		return false
	}
	e.indent(6)
	e.buf = append(e.buf, "code: "...)
	e.buf = strconv.AppendInt(e.buf, int64(r.Code), 10) // 100 to 999: a plain !!int
	e.buf = append(e.buf, '\n')
	e.keep = false
	if r.Proto != "" && !e.field(6, "proto", r.Proto) {
		return false
	}
	encoded, ok := false, true
	if len(r.Headers) > 0 {
		if encoded, ok = e.header(6, "headers", r.Headers); !ok {
			return false
		}
	}
	if len(r.Trailers) > 0 {
		if _, ok := e.header(6, "trailers", r.Trailers); !ok {
			return false
		}
	}
	if r.BodyFile != "" || IsEventStream(r.Headers) {
		// The fields encodeResponse builds for these, written from nodes.
		var body yaml.Node
		if r.BodyFile != "" {
			appendBodyFile(&body, r)
		} else if !appendEvents(&body, r.Headers, r.Body, r.EventTimes) {
			appendBody(&body, r.Headers, r.Body)
			chunks := r.Chunks
			if chunks == nil {
				chunks = eventChunks(r.Body, r.EventTimes)
			}
			appendChunks(&body, chunks, len(r.Body))
		}
		return e.pairs(body.Content, 6, false)
	}
	if !e.body(r.Headers, encoded, r.Body, 6) {
		return false
	}
	chunks := r.Chunks
	if chunks == nil {
		chunks = eventChunks(r.Body, r.EventTimes)
	}
	if len(chunks) == 0 {
		return true
	}
	var m yaml.Node
	appendChunks(&m, chunks, len(r.Body))
	return e.pairs(m.Content, 6, false)
}

// body writes at indent the fields that appendBody builds to store wire,
// the body of a message with headers h; encoded reports whether h has a
// Content-Encoding (see header). It writes the common bodies, those
// without one, itself, and the others from the nodes appendBody builds.
func (e *emitter) body(h http.Header, encoded bool, wire []byte, indent int) bool {
	if len(wire) == 0 {
		return true
	}
	json := wire[0] == '{' || wire[0] == '['
	if encoded || json && len(wire) > compactJSONLimit {
		return e.bodyNodes(h, wire, indent)
	}
	if json {
		// encodeBytes stores compact JSON indented (indentJSON), which
		// yaml writes as a literal block without its final line break.
		// What appendJSONBlock takes is text (IsText).
		start := len(e.buf)
		e.indent(indent)
		e.buf = append(e.buf, "body_format: json\n"...)
		e.indent(indent)
		e.buf = append(e.buf, "body: |-\n"...)
		buf, ok := appendJSONBlock(e.buf, wire, indent+2)
		if ok {
			e.buf = buf
			e.keep = false
			return true
		}
		e.buf = buf[:start]
		if IsText(wire) {
			return e.bodyNodes(h, wire, indent)
		}
	}
	if !IsText(wire) {
		// base64Node's literal block: lines of base64Width columns, the
		// last one ended with a line break.
		e.indent(indent)
		e.buf = append(e.buf, "body_format: base64\n"...)
		e.indent(indent)
		e.buf = append(e.buf, "body: |\n"...)
		const chunk = base64Width / 4 * 3 // the bytes of one line
		for len(wire) > 0 {
			n := min(len(wire), chunk)
			e.indent(indent + 2)
			e.buf = base64.StdEncoding.AppendEncode(e.buf, wire[:n])
			e.buf = append(e.buf, '\n')
			wire = wire[n:]
		}
		e.keep = false
		return true
	}
	// textNode.
	e.indent(indent)
	e.buf = append(e.buf, "body:"...)
	style := stylePlain
	if wire[0] == '\t' {
		style = styleDouble
	}
	return e.scalar(string(wire), style, inBlock, indent)
}

// bodyNodes writes at indent the fields that appendBody builds.
func (e *emitter) bodyNodes(h http.Header, wire []byte, indent int) bool {
	var m yaml.Node
	appendBody(&m, h, wire)
	return e.pairs(m.Content, indent, false)
}

// field writes the string field name: value at indent.
func (e *emitter) field(indent int, name, value string) bool {
	e.indent(indent)
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, ':')
	return e.str(value, inBlock, indent)
}

// header writes the field name holding h at indent, as headerNode builds
// it: the names in sorted order, each with the flow list of its values.
// It also reports whether one of the names is Content-Encoding, in any
// case: only a body without one is stored as it is.
//
// It writes into a buffer of its own, e.buf's memory, and sorts in an
// array of its own for the common headers, a dozen names or so: stores
// to its local variables need none of the garbage collector's write
// barriers.
func (e *emitter) header(indent int, name string, h map[string][]string) (encoded, ok bool) {
	var memory [16]string
	keys := memory[:0]
	for k := range h {
		keys = append(keys, k)
		if len(k) == len("Content-Encoding") && strings.EqualFold(k, "Content-Encoding") {
			encoded = true
		}
	}
	if len(keys) > 1 {
		slices.Sort(keys)
	}
	buf := appendSpaces(e.buf, indent)
	buf = append(append(buf, name...), ":\n"...)
	for _, k := range keys {
		buf = appendSpaces(buf, indent+2)
		var short bool
		if buf, short = appendShortScalar(buf, k, inKey); !short {
			e.buf = buf
			if !e.str(k, inKey, indent+2) {
				return encoded, false
			}
			buf = e.buf
		}
		values := h[k]
		if len(values) == 0 {
			buf = append(buf, ": []\n"...)
			continue
		}
		buf = append(buf, ": ["...)
		for i, v := range values {
			if i > 0 {
				buf = append(buf, ',')
			}
			if buf, short = appendShortScalar(buf, v, inFlow); !short {
				e.buf = buf
				if !e.str(v, inFlow, 0) {
					return encoded, false
				}
				buf = e.buf
			}
		}
		buf = append(buf, "]\n"...)
	}
	e.buf = buf
	e.keep = false
	return encoded, true
}

// indent starts a line at column n.
func (e *emitter) indent(n int) {
	e.buf = appendSpaces(e.buf, n)
}

// str writes s as stringNode(s) is written.
func (e *emitter) str(s string, where, indent int) bool {
	if buf, ok := appendShortScalar(e.buf, s, where); ok {
		e.buf = buf
		e.keep = false
		return true
	}
	if !utf8.ValidString(s) {
		return false // !!binary
	}
	return e.scalar(s, stylePlain, where, indent)
}

// mapping writes the block mapping m whose keys are at indent. When
// inline, the first key goes on the current line (after "- ").
func (e *emitter) mapping(m *yaml.Node, indent int, inline bool) bool {
	if m.Kind != yaml.MappingNode || m.Style != 0 || len(m.Content) == 0 || !plainNode(m) {
		return false
	}
	return e.pairs(m.Content, indent, inline)
}

// pairs writes the keys and values of a block mapping whose keys are at
// indent. When inline, the first key goes on the current line.
func (e *emitter) pairs(content []*yaml.Node, indent int, inline bool) bool {
	if len(content)%2 != 0 {
		return false
	}
	for i := 0; i < len(content); i += 2 {
		k, v := content[i], content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" || k.Style != 0 || !plainNode(k) {
			return false
		}
		if k.HeadComment != "" {
			if inline && i == 0 || !plainComment(k.HeadComment) {
				return false
			}
			for _, line := range strings.Split(k.HeadComment, "\n") {
				e.indent(indent)
				e.buf = append(e.buf, line...)
				e.buf = append(e.buf, '\n')
			}
		}
		if !inline || i > 0 || k.HeadComment != "" {
			e.indent(indent)
		}
		if !e.scalar(k.Value, stylePlain, inKey, indent) {
			return false
		}
		e.buf = append(e.buf, ':')
		if !e.value(v, indent) {
			return false
		}
	}
	return true
}

// value writes v, the value of a key of a block mapping at indent.
func (e *emitter) value(v *yaml.Node, indent int) bool {
	if !plainNode(v) {
		return false
	}
	switch v.Kind {
	case yaml.ScalarNode:
		return e.node(v, inBlock, indent)
	case yaml.MappingNode:
		if len(v.Content) == 0 || v.Style&yaml.FlowStyle != 0 {
			return e.flowMapping(v) && e.lineEnd()
		}
		e.buf = append(e.buf, '\n')
		return e.mapping(v, indent+2, false)
	case yaml.SequenceNode:
		if len(v.Content) == 0 || v.Style&yaml.FlowStyle != 0 {
			return e.flowSequence(v) && e.lineEnd()
		}
		if v.Style != 0 {
			return false
		}
		e.buf = append(e.buf, '\n')
		for _, item := range v.Content {
			if !plainNode(item) {
				return false
			}
			e.indent(indent + 2)
			e.buf = append(e.buf, '-')
			switch {
			case item.Kind == yaml.MappingNode && item.Style == 0 && len(item.Content) > 0:
				e.buf = append(e.buf, ' ')
				if !e.mapping(item, indent+4, true) {
					return false
				}
			case item.Kind == yaml.MappingNode && item.Style == yaml.FlowStyle:
				if !e.flowMapping(item) || !e.lineEnd() {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	return false
}

// lineEnd ends the line of a flow collection.
func (e *emitter) lineEnd() bool {
	e.buf = append(e.buf, '\n')
	e.keep = false
	return true
}

// flowSequence writes the flow sequence of scalars v, after a space.
func (e *emitter) flowSequence(v *yaml.Node) bool {
	e.buf = append(e.buf, " ["...)
	for i, item := range v.Content {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if item.Kind != yaml.ScalarNode || !plainNode(item) || !e.node(item, inFlow, 0) {
			return false
		}
	}
	e.buf = append(e.buf, ']')
	return true
}

// flowMapping writes the flow mapping of scalars v, after a space.
func (e *emitter) flowMapping(v *yaml.Node) bool {
	if len(v.Content)%2 != 0 {
		return false
	}
	e.buf = append(e.buf, " {"...)
	for i := 0; i < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		if k.Kind != yaml.ScalarNode || val.Kind != yaml.ScalarNode || !plainNode(k) || !plainNode(val) ||
			!e.node(k, inFlowKey, 0) {
			return false
		}
		e.buf = append(e.buf, ':')
		if !e.node(val, inFlow, 0) {
			return false
		}
	}
	e.buf = append(e.buf, '}')
	return true
}

// plainNode reports whether n has none of the node features the emitter
// does not write: anchors, aliases, tags other than its kind's, line and
// foot comments, and head comments but on keys (which pairs checks).
func plainNode(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.MappingNode:
		if n.Tag != "" && n.Tag != "!!map" {
			return false
		}
	case yaml.SequenceNode:
		if n.Tag != "" && n.Tag != "!!seq" {
			return false
		}
	}
	return n.Anchor == "" && n.Alias == nil && n.LineComment == "" && n.FootComment == "" &&
		(n.HeadComment == "" || n.Kind == yaml.ScalarNode && n.Tag == "!!str")
}

// plainComment reports whether c is a comment yaml writes as it is, each
// line at the indentation: lines of text that start with #, with no line
// breaks but \n and no control characters but tabs.
func plainComment(c string) bool {
	if !utf8.ValidString(c) {
		return false
	}
	for i := 0; i < len(c); i++ {
		if (i == 0 || c[i-1] == '\n') && c[i] != '#' {
			return false
		}
		if c[i] < 0x20 && c[i] != '\t' && c[i] != '\n' || c[i] == 0x7f || c[i] != '\n' && isBreak(c, i) {
			return false
		}
	}
	return true
}

// node writes the scalar node n in place where, as yaml.v3 writes it.
func (e *emitter) node(n *yaml.Node, where, indent int) bool {
	if n.Kind != yaml.ScalarNode || n.HeadComment != "" && where != inKey {
		return false
	}
	if !utf8.ValidString(n.Value) {
		return false
	}
	switch n.Tag {
	case "!!str":
		switch {
		case n.Style == 0:
			return e.scalar(n.Value, stylePlain, where, indent)
		case n.Style == yaml.LiteralStyle:
			return e.scalar(n.Value, styleLiteral, where, indent)
		case n.Style == yaml.DoubleQuotedStyle:
			return e.scalar(n.Value, styleDouble, where, indent)
		}
		return false
	case "!!int":
		// Written plain, without its tag, when it reads back as an int.
		return n.Style == 0 && resolve(n.Value) == tagInt && e.scalar(n.Value, styleImplicit, where, indent)
	}
	return false
}

// scalar writes the !!str scalar s, asked for in style (stylePlain: yaml
// chooses) in place where, whose line is at indent, as yaml.v3 writes it:
// encoder.node's choice of style, then the emitter's
// (yaml_emitter_select_scalar_style). A scalar other than a !!str goes
// here once its tag is known to be dropped.
func (e *emitter) scalar(s string, style, where, indent int) bool {
	if where == inBlock && s != "" && (style == styleLiteral || style == stylePlain && strings.IndexByte(s, '\n') >= 0) {
		if block, ok := asciiBlock(s); ok {
			// A literal block (a text body, most often), told apart from
			// one yaml double-quotes without the whole analysis.
			e.keep = false
			if !block {
				e.space(where)
				e.buf = appendDoubleQuoted(e.buf, s)
				e.buf = append(e.buf, '\n')
				return true
			}
			e.literal(s, indent+2)
			return true
		}
	}
	a, ok := analyze(s)
	if !ok {
		return false
	}
	if style == stylePlain {
		switch {
		case strings.IndexByte(s, '\n') >= 0:
			style = styleLiteral
		case resolve(s) != tagStr:
			// yaml quotes a string that would read back as another type.
			style = styleDouble
		}
	} else if style == styleImplicit {
		style = stylePlain
	}
	flow := where == inFlow || where == inFlowKey
	simpleKey := where == inKey || where == inFlowKey
	if simpleKey && (a.multiline || len(s) > 128) {
		return false // a complex key ("? ")
	}
	if style == stylePlain {
		if flow && !a.flowPlain || !flow && !a.blockPlain || len(s) == 0 && (flow || simpleKey) {
			style = styleSingle
		}
	}
	if style == styleSingle && !a.single {
		style = styleDouble
	}
	if style == styleLiteral && (!a.block || flow || simpleKey) {
		style = styleDouble
	}
	e.keep = false
	switch style {
	case stylePlain:
		if len(s) == 0 {
			return false
		}
		e.space(where)
		e.buf = append(e.buf, s...)
	case styleSingle:
		if a.multiline {
			return false
		}
		e.space(where)
		e.buf = appendSingleQuoted(e.buf, s)
	case styleDouble:
		e.space(where)
		e.buf = appendDoubleQuoted(e.buf, s)
	case styleLiteral:
		e.literal(s, indent+2)
		return true
	}
	if where == inBlock {
		e.buf = append(e.buf, '\n')
	}
	return true
}

// appendShortScalar appends to buf the !!str s, asked for plain in place
// where, as scalar writes it, when it is short ASCII text whose style
// shows without the whole analysis, and reports whether it did. That is
// text of printable characters and inner spaces, up to 128 long (a
// simple key), with no indicator at its start, no ": " or " #" and no
// final colon: yaml writes it plain, double-quoted when it reads back as
// another type, and single-quoted in a flow collection when it has a
// flow indicator (a colon is one).
func appendShortScalar(buf []byte, s string, where int) ([]byte, bool) {
	if len(s) == 0 || len(s) > 128 || !shortFirst[s[0]] || s[len(s)-1] == ' ' {
		return buf, false
	}
	flowIndicator := false
	for i := 1; i < len(s); i++ {
		if c := s[i]; !plainByte[c] {
			switch c {
			case ' ':
			case ',', '?', '[', ']', '{', '}':
				flowIndicator = true
			case ':':
				if i+1 == len(s) || s[i+1] == ' ' {
					return buf, false // ": " starts a value
				}
				flowIndicator = true
			case '#':
				if s[i-1] == ' ' {
					return buf, false // " #" starts a comment
				}
			default:
				return buf, false
			}
		}
	}
	buf = appendSpace(buf, where)
	switch {
	case resolve(s) != tagStr:
		buf = appendDoubleQuoted(buf, s)
	case flowIndicator && (where == inFlow || where == inFlowKey):
		buf = appendSingleQuoted(buf, s)
	default:
		buf = append(buf, s...)
	}
	if where == inBlock {
		buf = append(buf, '\n')
	}
	return buf, true
}

// appendSingleQuoted appends s, a scalar on one line, single-quoted.
func appendSingleQuoted(buf []byte, s string) []byte {
	buf = append(buf, '\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			buf = append(buf, '\'')
		}
		buf = append(buf, s[i])
	}
	return append(buf, '\'')
}

// space writes the space yaml puts before a scalar in place where: after
// the indicator before a value or an item, but not at the start of a line
// or right after an opening bracket.
func (e *emitter) space(where int) {
	e.buf = appendSpace(e.buf, where)
}

// appendSpace appends to buf the space that space writes.
func appendSpace(buf []byte, where int) []byte {
	if where == inKey {
		return buf
	}
	if n := len(buf); n > 0 && buf[n-1] != '[' && buf[n-1] != '{' {
		buf = append(buf, ' ')
	}
	return buf
}

// literal writes s as a literal block whose lines are at indent
// (yaml_emitter_write_literal_scalar), and ends its last line.
func (e *emitter) literal(s string, indent int) {
	e.buf = append(e.buf, " |"...)
	if s[0] == ' ' || isBreak(s, 0) {
		e.buf = append(e.buf, '2') // the indentation indicator
	}
	// The chomping indicator (yaml_emitter_write_block_scalar_hints).
	i := len(s) - 1
	for s[i]&0xC0 == 0x80 {
		i--
	}
	switch {
	case !isBreak(s, i):
		e.buf = append(e.buf, '-')
	case i == 0:
		e.buf = append(e.buf, '+')
		e.keep = true
	default:
		i--
		for s[i]&0xC0 == 0x80 {
			i--
		}
		if isBreak(s, i) {
			e.buf = append(e.buf, '+')
			e.keep = true
		}
	}
	e.buf = append(e.buf, '\n')
	// analyze sent every break other than \n elsewhere: a line of the
	// block is its text, indented unless it is empty.
	for len(s) > 0 {
		line, rest, found := strings.Cut(s, "\n")
		if line != "" {
			e.indent(indent)
			e.buf = append(e.buf, line...)
		}
		if !found {
			e.buf = append(e.buf, '\n') // the line break before what follows
			return
		}
		e.buf = append(e.buf, '\n')
		s = rest
	}
}

// appendDoubleQuoted appends s double-quoted, with yaml's escapes
// (yaml_emitter_write_double_quoted_scalar). yaml escapes every character
// of a string that starts with a byte order mark.
func appendDoubleQuoted(buf []byte, s string) []byte {
	bom := strings.HasPrefix(s, "\ufeff")
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if !bom && isPrintable(s, i) && !isBreak(s, i) && c != '"' && c != '\\' {
			w := width(c)
			buf = append(buf, s[i:i+w]...)
			i += w
			continue
		}
		v, w := utf8.DecodeRuneInString(s[i:])
		i += w
		buf = append(buf, '\\')
		switch v {
		case 0x00:
			buf = append(buf, '0')
		case 0x07:
			buf = append(buf, 'a')
		case 0x08:
			buf = append(buf, 'b')
		case 0x09:
			buf = append(buf, 't')
		case 0x0A:
			buf = append(buf, 'n')
		case 0x0b:
			buf = append(buf, 'v')
		case 0x0c:
			buf = append(buf, 'f')
		case 0x0d:
			buf = append(buf, 'r')
		case 0x1b:
			buf = append(buf, 'e')
		case 0x22:
			buf = append(buf, '"')
		case 0x5c:
			buf = append(buf, '\\')
		case 0x85:
			buf = append(buf, 'N')
		case 0xA0:
			buf = append(buf, '_')
		case 0x2028:
			buf = append(buf, 'L')
		case 0x2029:
			buf = append(buf, 'P')
		default:
			digits := 8
			switch {
			case v <= 0xFF:
				buf = append(buf, 'x')
				digits = 2
			case v <= 0xFFFF:
				buf = append(buf, 'u')
				digits = 4
			default:
				buf = append(buf, 'U')
			}
			for k := (digits - 1) * 4; k >= 0; k -= 4 {
				buf = append(buf, "0123456789ABCDEF"[(v>>uint(k))&0x0F])
			}
		}
	}
	return append(buf, '"')
}

// spaces is a run of spaces to indent with.
const spaces = "                                                                "

// appendSpaces appends n spaces to b.
func appendSpaces(b []byte, n int) []byte {
	for n > len(spaces) {
		b = append(b, spaces...)
		n -= len(spaces)
	}
	return append(b, spaces[:n]...)
}
