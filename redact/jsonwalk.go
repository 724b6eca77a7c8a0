package redact

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"encoding/json"
	"fmt"
)

// A jsonVisitor is called for every value of a document, in document order,
// with the path to it and the kind of value: '{', '[', '"' (string), '0'
// (number), 't', 'f' or 'n' (null). raw holds the value's text for scalars
// (strings with their quotes) and is nil for objects and arrays, which are
// visited before their members. Returning true selects the whole value: its
// members are not visited and its span is returned as an edit.
type jsonVisitor func(path []jsonpath.Segment, kind byte, raw []byte) bool

// A span is the byte range [start, end) of a value in a document.
type span struct{ start, end int }

// walkJSON walks a document that json.Valid accepts and returns the spans of
// the values visit selected, in document order and never overlapping.
func walkJSON(data []byte, visit jsonVisitor) ([]span, error) {
	w := &jsonWalker{data: data, visit: visit}
	if err := w.value(true); err != nil {
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
	pos   int
	path  []jsonpath.Segment
	visit jsonVisitor
	edits []span
}

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

// value walks one value; visit is false inside a selected value.
func (w *jsonWalker) value(visit bool) error {
	w.space()
	if w.pos >= len(w.data) {
		return w.errorf("unexpected end")
	}
	start := w.pos
	kind := w.data[w.pos]
	switch kind {
	case '{', '[':
		selected := visit && w.visit(w.path, kind, nil)
		var err error
		if kind == '{' {
			err = w.object(visit && !selected)
		} else {
			err = w.array(visit && !selected)
		}
		if err != nil {
			return err
		}
		if selected {
			w.edits = append(w.edits, span{start, w.pos})
		}
		return nil
	case '"':
		if err := w.str(); err != nil {
			return err
		}
	case 't', 'f', 'n':
		w.literal()
	default:
		kind = '0'
		w.literal()
	}
	if w.pos == start {
		return w.errorf("expected a value")
	}
	if visit && w.visit(w.path, kind, w.data[start:w.pos]) {
		w.edits = append(w.edits, span{start, w.pos})
	}
	return nil
}

func (w *jsonWalker) object(visit bool) error {
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
		if visit {
			key = decodeString(w.data[ks:w.pos])
		}
		w.space()
		if w.pos >= len(w.data) || w.data[w.pos] != ':' {
			return w.errorf("expected ':'")
		}
		w.pos++
		w.path = append(w.path, jsonpath.Segment{Key: key})
		err := w.value(visit)
		w.path = w.path[:len(w.path)-1]
		if err != nil {
			return err
		}
		if done, err := w.next('}'); done || err != nil {
			return err
		}
	}
}

func (w *jsonWalker) array(visit bool) error {
	w.pos++ // [
	w.space()
	if w.pos < len(w.data) && w.data[w.pos] == ']' {
		w.pos++
		return nil
	}
	for i := 0; ; i++ {
		w.path = append(w.path, jsonpath.Segment{Index: i, IsIndex: true})
		err := w.value(visit)
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

// str moves past a string, the opening quote under pos.
func (w *jsonWalker) str() error {
	for i := w.pos + 1; i < len(w.data); i++ {
		switch w.data[i] {
		case '\\':
			i++
		case '"':
			w.pos = i + 1
			return nil
		}
	}
	return w.errorf("unterminated string")
}

// literal moves past a number, true, false or null.
func (w *jsonWalker) literal() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ',', ']', '}', ' ', '\t', '\r', '\n':
			return
		}
		w.pos++
	}
}

// decodeString returns the text of a JSON string literal (quotes included).
func decodeString(raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				return s
			}
			break
		}
	}
	return string(inner)
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
