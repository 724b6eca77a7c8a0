package cassette

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"
)

// This file reads cassettes in the form Marshal writes them, line by line,
// without building a yaml.Node tree: that tree costs most of the time and
// memory of a load (about 8 times the file). It understands a strict subset
// of YAML: block mappings and lists indented as Marshal indents them,
// plain, quoted and !!binary scalars on one line, literal blocks, flow
// lists of header values, and the comments Marshal writes. Anything else
// (a file edited by hand into another valid form, or broken YAML) makes it
// give up, and Unmarshal reads the file with the yaml parser instead, which
// also words the error for broken YAML. For a file it reads, the result is
// the one the yaml parser's route gives (FuzzScanAgrees checks that).

// notScanned is the panic value that stops the scanner when the file is
// outside the subset it reads; scan recovers it and reports !ok.
type notScanned struct{}

// A scanner reads the lines of one file.
type scanner struct {
	data []byte
	pos  int // offset of the next line
	line int // number of the line last returned by next
	cur  []byte

	// The line at peekPos, when peeked.
	peekLine []byte
	peekPos  int
	peeked   bool

	// err is the first error found in a file that is otherwise in the
	// subset; it is returned once the whole file has been read, so that a
	// file outside the subset still goes to the yaml parser.
	err error

	strings map[string]string // interned short strings
	values  []string          // storage for header values, handed out in slices
	scratch bytes.Buffer      // for bodies
	text    []byte            // for literal blocks
}

// maxInterned bounds the strings the scanner interns.
const maxInterned = 4096

// scan reads data in the form Marshal writes. ok is false when data is
// outside the subset the scanner reads.
func scan(data []byte) (c *Cassette, err error, ok bool) {
	if bytes.IndexByte(data, '\r') >= 0 || bytes.Contains(data, []byte("\u0085")) ||
		bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029")) ||
		bytes.HasPrefix(data, []byte("\ufeff")) {
		// Line breaks other than \n.
		return nil, nil, false
	}
	s := &scanner{data: data, strings: make(map[string]string)}
	defer func() {
		switch r := recover().(type) {
		case nil:
		case notScanned:
			c, err, ok = nil, nil, false
		case scanned:
			c, err, ok = nil, r.err, true
		default:
			panic(r)
		}
	}()
	c = s.cassette()
	if s.err != nil {
		return nil, s.err, true
	}
	return c, nil, true
}

// giveUp stops the scanner: the file is outside its subset.
func giveUp() { panic(notScanned{}) }

// fail records err, the first error in the file.
func (s *scanner) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// next advances to the next line and reports whether there was one.
func (s *scanner) next() bool {
	l, ok := s.peek()
	if !ok {
		s.cur = nil
		return false
	}
	s.pos += len(l) + 1
	s.cur = l
	s.line++
	return true
}

// peek returns the next line without advancing, and false at the end.
func (s *scanner) peek() ([]byte, bool) {
	if s.pos >= len(s.data) {
		return nil, false
	}
	if s.peeked && s.peekPos == s.pos {
		return s.peekLine, true
	}
	rest := s.data[s.pos:]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		i = len(rest)
	}
	s.peeked, s.peekPos, s.peekLine = true, s.pos, rest[:i]
	return rest[:i], true
}

// field splits the current line into the key and value of a "key: value"
// line at exactly indent spaces (prefix, such as "- ", in place of its last
// spaces), and gives up on any other line.
func (s *scanner) field(indent int, prefix string) (key string, value []byte) {
	l := s.cur
	if len(l) < indent || !allSpaces(l[:indent-len(prefix)]) || string(l[indent-len(prefix):indent]) != prefix {
		giveUp()
	}
	l = l[indent:]
	i := 0
	for i < len(l) && (l[i] >= 'a' && l[i] <= 'z' || l[i] == '_') {
		i++
	}
	if i == 0 || i == len(l) || l[i] != ':' {
		giveUp()
	}
	key = fieldName(l[:i])
	value = l[i+1:]
	switch {
	case len(value) == 0:
	case value[0] == ' ' && len(value) > 1 && value[1] != ' ':
		value = value[1:]
	default:
		giveUp()
	}
	return key, value
}

// fieldName returns b as a string, without allocating for the names of
// the fields of the format.
func fieldName(b []byte) string {
	switch string(b) {
	case "version":
		return "version"
	case "seed":
		return "seed"
	case "interactions":
		return "interactions"
	case "recorded_at":
		return "recorded_at"
	case "duration":
		return "duration"
	case "request":
		return "request"
	case "response":
		return "response"
	case "method":
		return "method"
	case "url":
		return "url"
	case "headers":
		return "headers"
	case "status":
		return "status"
	case "code":
		return "code"
	case "proto":
		return "proto"
	case "trailers":
		return "trailers"
	case "body_encoding":
		return "body_encoding"
	case "compression_level":
		return "compression_level"
	case "body_format":
		return "body_format"
	case "body":
		return "body"
	}
	return string(b)
}

// indentOf returns the number of spaces that start l.
func indentOf(l []byte) int {
	n := 0
	for n < len(l) && l[n] == ' ' {
		n++
	}
	return n
}

func allSpaces(b []byte) bool {
	for _, c := range b {
		if c != ' ' {
			return false
		}
	}
	return true
}

func (s *scanner) cassette() *Cassette {
	c := &Cassette{}
	var comment []byte
	for n := 0; s.next() && len(s.cur) > 0 && s.cur[0] == '#'; n++ {
		text := s.cur[1:]
		if len(text) > 0 {
			if text[0] != ' ' || len(text) == 1 {
				giveUp()
			}
			text = text[1:]
		}
		if last := s.cur[len(s.cur)-1]; last == ' ' || last == '\t' {
			giveUp()
		}
		if n > 0 {
			comment = append(comment, '\n')
		}
		comment = append(comment, text...)
	}
	c.Comment = string(comment)
	if s.cur == nil {
		giveUp() // no version: the yaml route words the error
	}
	key, value := s.field(0, "")
	if key != "version" {
		giveUp()
	}
	v, ok := plainInt(value)
	if !ok {
		giveUp()
	}
	switch {
	case v > Version:
		// Checked first: a newer file may be in another form.
		panic(scanned{&FormatError{Line: s.line, Err: newerVersionError{int(v)}}})
	case v < 1:
		s.fail(errorf(s.line, "version %d is not a cassette version: versions start at 1, write \"version: %d\"", v, Version))
	}
	c.Version = int(v)
	if !s.next() {
		return c
	}
	if key, value = s.field(0, ""); key == "seed" {
		seed, ok := plainInt(value)
		if !ok {
			giveUp()
		}
		c.Seed = &seed
		if !s.next() {
			return c
		}
		key, value = s.field(0, "")
	}
	if key != "interactions" {
		giveUp()
	}
	switch string(value) {
	case "[]":
		c.Interactions = []*Interaction{}
		if s.next() {
			giveUp()
		}
		return c
	case "":
	default:
		giveUp()
	}
	l, more := s.peek()
	if !more || !bytes.HasPrefix(l, []byte("  - ")) {
		giveUp()
	}
	var slab []Interaction
	for s.next() {
		if len(slab) == 0 {
			slab = make([]Interaction, 64)
		}
		in := &slab[0]
		slab = slab[1:]
		s.interaction(in)
		c.Interactions = append(c.Interactions, in)
	}
	return c
}

// scanned carries an error that ends the scan at once.
type scanned struct{ err error }

// interaction reads the interaction that starts on the current line.
func (s *scanner) interaction(in *Interaction) {
	in.Line = s.line
	key, value := s.field(4, "- ")
	step := 0
	var haveRequest, haveResponse bool
	for {
		switch {
		case key == "recorded_at" && step < 1:
			step = 1
			str := s.stringValue(value)
			t, err := time.Parse(time.RFC3339Nano, str)
			if err != nil {
				s.fail(errorf(s.line, "recorded_at %q is not an RFC 3339 time like 2026-11-23T18:00:00Z", str))
			}
			in.RecordedAt = t.UTC()
		case key == "duration" && step < 2:
			step = 2
			d, err := parseDuration(s.stringValue(value), s.line)
			if err != nil {
				s.fail(err)
			}
			in.Duration = d
		case key == "request" && step < 3:
			step, haveRequest = 3, true
			s.request(&in.Request, value)
		case key == "response" && step < 4:
			step, haveResponse = 4, true
			s.response(&in.Response, value)
		default:
			s.unknown(key, "interaction", []string{"recorded_at", "duration", "request", "response"})
		}
		l, ok := s.peek()
		if !ok || indentOf(l) != 4 {
			break
		}
		s.next()
		key, value = s.field(4, "")
	}
	if !haveRequest {
		s.fail(errorf(in.Line, "the interaction has no request: add one with at least method and url"))
	}
	if !haveResponse {
		s.fail(errorf(in.Line, "the interaction has no response: add one with at least code"))
	}
}

// unknown handles the field key, which is not in known or not in the
// order Marshal writes.
func (s *scanner) unknown(key, section string, known []string) {
	if indexOf(known, key) >= 0 {
		giveUp() // out of order or repeated: the yaml route words it
	}
	s.fail(errorf(s.line, "unknown field %q in %s: the fields are %s", key, section, joinFields(known)))
	s.skipValue()
}

// skipValue skips the lines of the value of the field on the current line.
func (s *scanner) skipValue() {
	indent := indentOf(s.cur)
	if bytes.HasPrefix(s.cur[indent:], []byte("- ")) {
		indent += 2
	}
	for {
		l, ok := s.peek()
		if !ok || len(l) > 0 && indentOf(l) <= indent {
			return
		}
		s.next()
	}
}

func joinFields(known []string) string {
	var b []byte
	for i, k := range known {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, k...)
	}
	return string(b)
}

// mapping reads the fields of the mapping whose key is on the current line
// with value, at indent, calling f for each field.
func (s *scanner) mapping(value []byte, indent int, f func(key string, value []byte)) {
	switch string(value) {
	case "{}":
		return
	case "":
	default:
		giveUp()
	}
	first := true
	for {
		l, ok := s.peek()
		if !ok || indentOf(l) != indent || indent == len(l) {
			if first {
				giveUp() // null: the yaml route handles it
			}
			return
		}
		s.next()
		if l[indent] == '#' {
			// A comment, such as the one Marshal writes above body.
			continue
		}
		first = false
		key, value := s.field(indent, "")
		f(key, value)
	}
}

func (s *scanner) request(r *Request, value []byte) {
	step := 0
	var body bodySpec
	s.mapping(value, 6, func(key string, value []byte) {
		switch {
		case key == "method" && step < 1:
			step = 1
			r.Method = s.intern(s.stringBytes(value))
		case key == "url" && step < 2:
			step = 2
			r.URL = s.stringValue(value)
		case key == "headers" && step < 3:
			step = 3
			r.Headers = s.headers(value, "headers")
		default:
			if !s.bodyField(&body, &step, 3, key, value) {
				s.unknown(key, "request", requestFields)
			}
		}
	})
	s.body(&r.Body, &body, r.Headers)
}

func (s *scanner) response(r *Response, value []byte) {
	step := 0
	var body bodySpec
	haveCode, seen := false, false
	line := s.line // of the mapping: its first field
	s.mapping(value, 6, func(key string, value []byte) {
		if !seen {
			line, seen = s.line, true
		}
		switch {
		case key == "status" && step < 1:
			step = 1
			r.Status = s.intern(s.stringBytes(value))
		case key == "code" && step < 2:
			step, haveCode = 2, true
			code, ok := plainInt(value)
			if !ok || code != int64(int(code)) {
				giveUp()
			}
			r.Code = int(code)
			if err := checkCode(r.Code, s.line); err != nil {
				s.fail(err)
			}
		case key == "proto" && step < 3:
			step = 3
			r.Proto = s.intern(s.stringBytes(value))
		case key == "headers" && step < 4:
			step = 4
			r.Headers = s.headers(value, "headers")
		case key == "trailers" && step < 5:
			step = 5
			r.Trailers = s.headers(value, "trailers")
		case key == fieldEvents || key == fieldChunks || key == fieldBodyFile || key == fieldBodySize:
			giveUp() // server-sent events and body files are read by the yaml route
		default:
			if !s.bodyField(&body, &step, 5, key, value) {
				s.unknown(key, "response", responseFields)
			}
		}
	})
	if !haveCode {
		s.fail(errorf(line, "the response has no code: add the status code, e.g. \"code: 200\""))
	}
	s.body(&r.Body, &body, r.Headers)
}

// bodyField reads the body field key into b when it is one, in order after
// the base fields of its section.
func (s *scanner) bodyField(b *bodySpec, step *int, base int, key string, value []byte) bool {
	i := indexOf(bodyFields, key)
	if i < 0 || *step >= base+1+i {
		return false
	}
	*step = base + 1 + i
	switch key {
	case fieldAWSTrailer, fieldAWSChunkSize:
		giveUp() // aws-chunked framing is read by the yaml route
	case "body_encoding":
		b.encoding, b.encodingLine, b.hasEncoding = s.stringValue(value), s.line, true
	case "compression_level":
		level, ok := plainInt(value)
		if !ok || level != int64(int(level)) {
			giveUp()
		}
		b.level, b.levelLine, b.hasLevel = int(level), s.line, true
	case "body_format":
		b.format, b.formatLine, b.hasFormat = s.stringValue(value), s.line, true
		if b.format == formatSSE {
			giveUp() // server-sent events are read by the yaml route
		}
	case "body":
		b.textLine, b.hasBody = s.line, true
		if len(value) > 0 && value[0] == '|' {
			b.text, b.literal = s.literal(value, 6), true
		} else {
			b.text = s.stringBytes(value)
		}
	}
	return true
}

// body sets *dst to the wire bytes of b.
func (s *scanner) body(dst *[]byte, b *bodySpec, h http.Header) {
	if b.hasEncoding && b.encoding == awsChunkedName {
		giveUp() // aws-chunked framing is read by the yaml route
	}
	if !b.hasBody && !b.hasEncoding && !b.hasLevel && !b.hasFormat {
		return
	}
	wire, err := b.wire(h, &s.scratch)
	if err != nil {
		s.fail(err)
	}
	*dst = wire
}

// headers reads a mapping of header names to flow lists of values.
func (s *scanner) headers(value []byte, what string) http.Header {
	if string(value) == "{}" {
		return nil
	}
	if len(value) != 0 {
		giveUp()
	}
	var h http.Header
	for {
		l, ok := s.peek()
		if !ok || indentOf(l) != 8 {
			break
		}
		s.next()
		l = s.cur[8:]
		nameEnd := s.scalarEnd(l, false)
		name := s.intern(s.scalar(l[:nameEnd], false))
		l = l[nameEnd:]
		if !bytes.HasPrefix(l, []byte(": [")) || l[len(l)-1] != ']' {
			giveUp()
		}
		l = l[3 : len(l)-1]
		if h == nil {
			h = make(http.Header)
		}
		if _, dup := h[name]; dup {
			s.fail(errorf(s.line, "%s: %q appears twice: put all its values in one list", what, name))
		}
		start := len(s.values)
		if cap(s.values)-start < 16 {
			s.values = make([]string, 0, 256)
			start = 0
		}
		for len(l) > 0 {
			end := s.scalarEnd(l, true)
			s.values = append(s.values, s.intern(s.scalar(l[:end], true)))
			l = l[end:]
			if len(l) > 0 {
				if !bytes.HasPrefix(l, []byte(", ")) || len(l) == 2 {
					giveUp()
				}
				l = l[2:]
			}
		}
		h[name] = s.values[start:len(s.values):len(s.values)]
	}
	if h == nil {
		giveUp() // null: the yaml route handles it
	}
	return h
}

// scalarEnd returns the length of the scalar that starts l: up to the
// closing quote of a quoted one, to ": " or the end of the line for a plain
// one in block context, to ", " or the end in a flow list.
func (s *scanner) scalarEnd(l []byte, flow bool) int {
	if len(l) == 0 {
		giveUp()
	}
	switch l[0] {
	case '\'':
		for i := 1; i < len(l); i++ {
			if l[i] == '\'' {
				if i+1 < len(l) && l[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		giveUp()
	case '"':
		for i := 1; i < len(l); i++ {
			switch l[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		giveUp()
	}
	if flow {
		if i := bytes.Index(l, []byte(", ")); i >= 0 {
			return i
		}
		return len(l)
	}
	if i := bytes.Index(l, []byte(": ")); i >= 0 {
		return i
	}
	return len(l)
}

// stringValue returns the string scalar b, the whole value of a field.
func (s *scanner) stringValue(b []byte) string {
	return string(s.stringBytes(b))
}

// stringBytes returns the text of the string scalar b, the whole value of
// a field, in memory that the next call may reuse when it is quoted.
func (s *scanner) stringBytes(b []byte) []byte {
	if len(b) > 0 && b[0] == '|' {
		giveUp()
	}
	if end := s.scalarEnd(b, false); end != len(b) {
		giveUp()
	}
	return s.scalar(b, false)
}

// scalar returns the text of the scalar b, which is exactly one plain,
// single-quoted, double-quoted or !!binary scalar. The result may alias b
// or the scanner's buffer.
func (s *scanner) scalar(b []byte, flow bool) []byte {
	if len(b) == 0 {
		giveUp()
	}
	switch b[0] {
	case '\'':
		return s.singleQuoted(b)
	case '"':
		return s.doubleQuoted(b)
	case '!':
		rest, ok := bytes.CutPrefix(b, []byte("!!binary "))
		if !ok || !safePlain(rest, flow) {
			giveUp()
		}
		out := make([]byte, base64.StdEncoding.DecodedLen(len(rest)))
		n, err := base64.StdEncoding.Decode(out, rest)
		if err != nil {
			giveUp() // the yaml route words the error
		}
		return out[:n]
	}
	if !safePlain(b, flow) {
		giveUp()
	}
	switch string(b) {
	case "~", "null", "Null", "NULL":
		return nil
	}
	return b
}

// safePlain reports whether b is a plain scalar that the yaml parser reads
// as exactly b, in block or flow context.
func safePlain(b []byte, flow bool) bool {
	if len(b) == 0 {
		return false
	}
	switch b[0] {
	case '?', ':':
		if flow {
			return false
		}
		fallthrough
	case '-':
		if len(b) == 1 || b[1] == ' ' {
			return false
		}
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	if last := b[len(b)-1]; last == ' ' || last == ':' {
		return false
	}
	for i, c := range b {
		switch c {
		case '\t':
			return false
		case '#':
			if b[i-1] == ' ' {
				return false
			}
		case ':':
			if i+1 < len(b) && (b[i+1] == ' ' || flow && (isFlowIndicator(b[i+1]) || b[i+1] == '?')) {
				return false
			}
		case ',', '[', ']', '{', '}':
			if flow {
				return false
			}
		}
	}
	return true
}

func isFlowIndicator(c byte) bool {
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'
}

func (s *scanner) singleQuoted(b []byte) []byte {
	b = b[1 : len(b)-1]
	if bytes.IndexByte(b, '\'') < 0 {
		return b
	}
	s.text = s.text[:0]
	for i := 0; i < len(b); i++ {
		s.text = append(s.text, b[i])
		if b[i] == '\'' {
			i++
		}
	}
	return s.text
}

func (s *scanner) doubleQuoted(b []byte) []byte {
	b = b[1 : len(b)-1]
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	s.text = s.text[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			s.text = append(s.text, c)
			continue
		}
		i++
		if i == len(b) {
			giveUp()
		}
		var r rune
		digits := 0
		switch b[i] {
		case '0':
			r = 0
		case 'a':
			r = '\a'
		case 'b':
			r = '\b'
		case 't', '\t':
			r = '\t'
		case 'n':
			r = '\n'
		case 'v':
			r = '\v'
		case 'f':
			r = '\f'
		case 'r':
			r = '\r'
		case 'e':
			r = 0x1b
		case ' ', '"', '/', '\\':
			r = rune(b[i])
		case 'N':
			r = 0x85
		case '_':
			r = 0xa0
		case 'L':
			r = 0x2028
		case 'P':
			r = 0x2029
		case 'x':
			digits = 2
		case 'u':
			digits = 4
		case 'U':
			digits = 8
		default:
			giveUp()
		}
		if digits > 0 {
			if i+1+digits > len(b) {
				giveUp()
			}
			v, err := strconv.ParseUint(string(b[i+1:i+1+digits]), 16, 32)
			if err != nil || v >= 0xd800 && v <= 0xdfff || v > 0x10ffff {
				giveUp()
			}
			r = rune(v)
			i += digits
		}
		s.text = utf8.AppendRune(s.text, r)
	}
	return s.text
}

// literal reads the literal block whose header ("|", "|-", "|2+", ...) is
// value, on a field at indent, and returns its text in the scanner's buffer.
func (s *scanner) literal(value []byte, indent int) []byte {
	h := value[1:]
	chomp := byte(0)
	n := 0
	for _, c := range h {
		switch {
		case (c == '-' || c == '+') && chomp == 0:
			chomp = c
		case c >= '1' && c <= '9' && n == 0:
			n = int(c - '0')
		default:
			giveUp()
		}
	}
	if n > 0 {
		n += indent
	} else {
		l, ok := s.peek()
		if !ok || indentOf(l) <= indent || indentOf(l) == len(l) {
			giveUp()
		}
		n = indentOf(l)
	}
	s.text = s.text[:0]
	empty := 0 // empty lines after the last content line
	first := true
	for {
		l, ok := s.peek()
		if !ok {
			break
		}
		sp := indentOf(l)
		if sp == len(l) && sp <= n {
			empty++
			s.next()
			continue
		}
		if sp < n {
			break
		}
		if first && l[n] == '\t' {
			giveUp()
		}
		first = false
		for ; empty > 0; empty-- {
			s.text = append(s.text, '\n')
		}
		s.text = append(s.text, l[n:]...)
		if s.pos+len(l) < len(s.data) { // the line ends in a line break
			s.text = append(s.text, '\n')
		}
		s.next()
	}
	if first {
		giveUp()
	}
	switch chomp {
	case '-':
		s.text = bytes.TrimSuffix(s.text, []byte("\n"))
	case '+':
		for ; empty > 0; empty-- {
			s.text = append(s.text, '\n')
		}
	}
	return s.text
}

// intern returns b as a string, shared with earlier equal short strings.
func (s *scanner) intern(b []byte) string {
	if len(b) > 40 {
		return string(b)
	}
	if str, ok := s.strings[string(b)]; ok {
		return str
	}
	str := string(b)
	if len(s.strings) < maxInterned {
		s.strings[str] = str
	}
	return str
}

// plainInt returns the integer written as b in decimal, as Marshal writes
// integers.
func plainInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 20 || b[0] == '+' || len(b) > 1 && b[0] == '0' || b[0] == '-' && (len(b) == 1 || b[1] == '0') {
		return 0, false
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	return v, err == nil
}
