package redact

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"encoding/json"
	"fmt"
	"strings"
)

// A jsonVisitor is called for every value of a document, in document order,
// with the path to it and the kind of value: '{', '[', '"' (string), '0'
// (number), 't', 'f' or 'n' (null). raw holds the value's text for scalars
// (strings with their quotes) and is empty for objects and arrays, which are
// visited before their members. Returning true selects the whole value: its
// members are not visited and its span is returned as an edit.
type jsonVisitor func(path []jsonpath.Segment, kind byte, raw string) bool

// A span is the byte range [start, end) of a value in a document.
type span struct{ start, end int }

// walkJSON walks a document and returns the spans of the values visit
// selected, in document order and never overlapping. It fails on a document
// that json.Valid rejects, and on no other (FuzzWalkJSONValidates checks),
// so callers need not check it first; visit may then have been called for
// the values before the error.
func walkJSON(data []byte, visit jsonVisitor) ([]span, error) {
	// One allocation for the path of most documents; visit gets the path,
	// so it cannot be on the stack. visit is passed down rather than kept in
	// w, which would make it (and what it captures) escape with the path.
	// The keys and the raw values are substrings of one copy of the
	// document rather than a string each.
	w := jsonWalker{data: data, text: string(data), path: make([]jsonpath.Segment, 0, 4)}
	if err := w.value(visit, true); err != nil {
		return nil, err
	}
	w.space()
	if w.pos != len(data) {
		return nil, w.errorf("text after the document")
	}
	return w.edits, nil
}

type jsonWalker struct {
	data  []byte
	text  string // data
	pos   int
	depth int
	path  []jsonpath.Segment
	edits []span
}

// maxJSONDepth is the deepest nesting of objects and arrays that json.Valid
// accepts.
const maxJSONDepth = 10000

func (w *jsonWalker) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON offset %d: %s", w.pos, fmt.Sprintf(format, args...))
}

func (w *jsonWalker) space() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\r', '\n':
			w.pos++
		default:
			return
		}
	}
}

// value walks one value; on is false inside a selected value, whose members
// are not visited.
func (w *jsonWalker) value(visit jsonVisitor, on bool) error {
	w.space()
	if w.pos >= len(w.data) {
		return w.errorf("unexpected end")
	}
	start := w.pos
	kind := w.data[w.pos]
	switch kind {
	case '{', '[':
		if w.depth++; w.depth > maxJSONDepth {
			return w.errorf("nested too deep")
		}
		selected := on && visit(w.path, kind, "")
		var err error
		if kind == '{' {
			err = w.object(visit, on && !selected)
		} else {
			err = w.array(visit, on && !selected)
		}
		if err != nil {
			return err
		}
		w.depth--
		if selected {
			w.edits = append(w.edits, span{start, w.pos})
		}
		return nil
	case '"':
		if err := w.str(); err != nil {
			return err
		}
	case 't':
		if err := w.word("true"); err != nil {
			return err
		}
	case 'f':
		if err := w.word("false"); err != nil {
			return err
		}
	case 'n':
		if err := w.word("null"); err != nil {
			return err
		}
	default:
		kind = '0'
		if err := w.number(); err != nil {
			return err
		}
	}
	if on && visit(w.path, kind, w.text[start:w.pos]) {
		w.edits = append(w.edits, span{start, w.pos})
	}
	return nil
}

func (w *jsonWalker) object(visit jsonVisitor, on bool) error {
	w.pos++ // {
	w.space()
	if w.pos < len(w.data) && w.data[w.pos] == '}' {
		w.pos++
		return nil
	}
	for {
		w.space()
		if w.pos >= len(w.data) || w.data[w.pos] != '"' {
			return w.errorf("expected a member name")
		}
		ks := w.pos
		if err := w.str(); err != nil {
			return err
		}
		var key string
		if on {
			key = decodeString(w.text[ks:w.pos])
		}
		w.space()
		if w.pos >= len(w.data) || w.data[w.pos] != ':' {
			return w.errorf("expected ':'")
		}
		w.pos++
		w.path = append(w.path, jsonpath.Segment{Key: key})
		err := w.value(visit, on)
		w.path = w.path[:len(w.path)-1]
		if err != nil {
			return err
		}
		if done, err := w.next('}'); done || err != nil {
			return err
		}
	}
}

func (w *jsonWalker) array(visit jsonVisitor, on bool) error {
	w.pos++ // [
	w.space()
	if w.pos < len(w.data) && w.data[w.pos] == ']' {
		w.pos++
		return nil
	}
	for i := 0; ; i++ {
		w.path = append(w.path, jsonpath.Segment{Index: i, IsIndex: true})
		err := w.value(visit, on)
		w.path = w.path[:len(w.path)-1]
		if err != nil {
			return err
		}
		if done, err := w.next(']'); done || err != nil {
			return err
		}
	}
}

// next consumes the ',' between members or the closing bracket, and reports
// whether the container ended.
func (w *jsonWalker) next(closing byte) (bool, error) {
	w.space()
	if w.pos >= len(w.data) {
		return false, w.errorf("unexpected end")
	}
	switch w.data[w.pos] {
	case ',':
		w.pos++
		return false, nil
	case closing:
		w.pos++
		return true, nil
	}
	return false, w.errorf("expected ',' or %q", closing)
}

// str moves past a string, the opening quote under pos. Like json.Valid it
// refuses control characters and unknown escapes, and lets any other byte
// through (invalid UTF-8 too).
func (w *jsonWalker) str() error {
	for i := w.pos + 1; i < len(w.data); i++ {
		switch c := w.data[i]; {
		case c == '"':
			w.pos = i + 1
			return nil
		case c < 0x20:
			w.pos = i
			return w.errorf("control character in a string")
		case c == '\\':
			i++
			if i >= len(w.data) {
				break
			}
			switch w.data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for j := 0; j < 4; j++ {
					if i++; i >= len(w.data) || !isHex(w.data[i]) {
						w.pos = min(i, len(w.data))
						return w.errorf("malformed \\u escape")
					}
				}
			default:
				w.pos = i
				return w.errorf("unknown escape")
			}
		}
	}
	w.pos = len(w.data)
	return w.errorf("unterminated string")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// word moves past the literal true, false or null.
func (w *jsonWalker) word(lit string) error {
	if len(w.data)-w.pos < len(lit) || string(w.data[w.pos:w.pos+len(lit)]) != lit {
		return w.errorf("expected %s", lit)
	}
	w.pos += len(lit)
	return nil
}

// number moves past a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (w *jsonWalker) number() error {
	start := w.pos
	if w.pos < len(w.data) && w.data[w.pos] == '-' {
		w.pos++
	}
	switch {
	case w.pos < len(w.data) && w.data[w.pos] == '0':
		w.pos++
	case w.digits() == 0:
		if w.pos == start {
			return w.errorf("expected a value")
		}
		return w.errorf("malformed number")
	}
	if w.pos < len(w.data) && w.data[w.pos] == '.' {
		w.pos++
		if w.digits() == 0 {
			return w.errorf("malformed number")
		}
	}
	if w.pos < len(w.data) && (w.data[w.pos] == 'e' || w.data[w.pos] == 'E') {
		w.pos++
		if w.pos < len(w.data) && (w.data[w.pos] == '+' || w.data[w.pos] == '-') {
			w.pos++
		}
		if w.digits() == 0 {
			return w.errorf("malformed number")
		}
	}
	return nil
}

// digits moves past a run of decimal digits and returns its length.
func (w *jsonWalker) digits() int {
	start := w.pos
	for w.pos < len(w.data) && '0' <= w.data[w.pos] && w.data[w.pos] <= '9' {
		w.pos++
	}
	return w.pos - start
}

// decodeString returns the text of a JSON string literal (quotes included):
// a substring of raw when it has no escapes.
func decodeString(raw string) string {
	if len(raw) < 2 {
		return ""
	}
	inner := raw[1 : len(raw)-1]
	if strings.IndexByte(inner, '\\') >= 0 {
		var s string
		if json.Unmarshal([]byte(raw), &s) == nil {
			return s
		}
	}
	return inner
}

// applyEdits returns data with every span replaced by repl.
func applyEdits(data []byte, edits []span, repl []byte) []byte {
	out := make([]byte, 0, len(data))
	last := 0
	for _, e := range edits {
		out = append(out, data[last:e.start]...)
		out = append(out, repl...)
		last = e.end
	}
	return append(out, data[last:]...)
}
