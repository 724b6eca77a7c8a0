package match

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// A JSONOption changes how JSON compares bodies.
type JSONOption func(*jsonOptions)

type jsonOptions struct {
	ignore       []jsonpath.Path
	unordered    []jsonpath.Path
	allUnordered bool
	err          error // the first bad path, reported by every Match
}

// IgnorePaths makes JSON leave out the values at the given paths on both
// sides, for fields that change from run to run: "$.id", "$.created_at",
// "$.items[*].created_at", "$..etag" (at any depth). A path is $ followed by
// steps: .name or ["name"] for an object member, [3] for an array element,
// [*] or .* for every member or element, and ..name for a member at any
// depth. An ignored array element compares as null, so the other elements
// keep their positions.
//
// A path that does not parse makes the matcher reject every request, with a
// Mismatch that says what is wrong with the path.
func IgnorePaths(paths ...string) JSONOption {
	return func(o *jsonOptions) {
		for _, p := range paths {
			jp, err := jsonpath.Parse(p)
			if err != nil {
				o.fail(fmt.Errorf("IgnorePaths(%q): %w; write paths such as $.id or $.items[*].created_at", p, err))
				continue
			}
			o.ignore = append(o.ignore, jp)
		}
	}
}

// IgnoreArrayOrder makes JSON compare arrays as multisets: the same
// elements, as often, in any order. With no paths it applies to every
// array; with paths (as IgnorePaths writes them) only to the arrays they
// select, such as "$.tags".
func IgnoreArrayOrder(paths ...string) JSONOption {
	return func(o *jsonOptions) {
		if len(paths) == 0 {
			o.allUnordered = true
			return
		}
		for _, p := range paths {
			jp, err := jsonpath.Parse(p)
			if err != nil {
				o.fail(fmt.Errorf("IgnoreArrayOrder(%q): %w; write paths such as $.tags or $.items[*].labels", p, err))
				continue
			}
			o.unordered = append(o.unordered, jp)
		}
	}
}

func (o *jsonOptions) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

func newJSONOptions(opts []JSONOption) *jsonOptions {
	o := &jsonOptions{}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	return o
}

// plain reports whether o changes nothing.
func (o *jsonOptions) plain() bool {
	return o == nil || len(o.ignore) == 0 && len(o.unordered) == 0 && !o.allUnordered
}

func (o *jsonOptions) ignored(segs []jsonpath.Segment) bool {
	for _, p := range o.ignore {
		if p.Matches(segs) {
			return true
		}
	}
	return false
}

func (o *jsonOptions) isUnordered(segs []jsonpath.Segment) bool {
	if o.allUnordered {
		return true
	}
	for _, p := range o.unordered {
		if p.Matches(segs) {
			return true
		}
	}
	return false
}

// decodeJSON decodes one JSON value, keeping numbers as written
// (json.Number). ok is false unless b is exactly one valid JSON value.
func decodeJSON(b []byte) (v any, ok bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// readJSON decodes b and applies o: ignored values are removed (object
// members) or replaced by null (array elements), and unordered arrays are
// sorted by their elements' encoding. It returns the value and its
// canonical encoding: compact, object keys sorted, numbers as written. Two
// documents that o makes equal have equal encodings.
func (o *jsonOptions) readJSON(b []byte) (v any, canon []byte, ok bool) {
	v, ok = decodeJSON(b)
	if !ok {
		return nil, nil, false
	}
	if !o.plain() {
		v = o.normalize(v, nil)
	}
	canon, err := json.Marshal(v)
	if err != nil {
		return nil, nil, false
	}
	return v, canon, true
}

// normalize returns v with o's options applied; segs is v's path.
func (o *jsonOptions) normalize(v any, segs []jsonpath.Segment) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, child := range v {
			p := append(segs[:len(segs):len(segs)], jsonpath.Segment{Key: k})
			if o.ignored(p) {
				continue
			}
			out[k] = o.normalize(child, p)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, child := range v {
			p := append(segs[:len(segs):len(segs)], jsonpath.Segment{Index: i, IsIndex: true})
			if o.ignored(p) {
				continue // stays null
			}
			out[i] = o.normalize(child, p)
		}
		if o.isUnordered(segs) {
			sortByEncoding(out)
		}
		return out
	}
	return v
}

// sortByEncoding sorts JSON values by their encoding, so that arrays with
// the same elements in another order become equal.
func sortByEncoding(vs []any) {
	enc := make([]string, len(vs))
	for i, v := range vs {
		b, _ := json.Marshal(v)
		enc[i] = string(b)
	}
	sort.Sort(byEncoding{vs, enc})
}

type byEncoding struct {
	vs  []any
	enc []string
}

func (s byEncoding) Len() int           { return len(s.vs) }
func (s byEncoding) Less(i, j int) bool { return s.enc[i] < s.enc[j] }
func (s byEncoding) Swap(i, j int) {
	s.vs[i], s.vs[j] = s.vs[j], s.vs[i]
	s.enc[i], s.enc[j] = s.enc[j], s.enc[i]
}
