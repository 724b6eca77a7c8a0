package match

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"encoding/json"
	"fmt"
	"reflect"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// jsonDifferences compares two decoded JSON values with go-cmp and returns
// one Difference per differing value, named prefix and a JSON path
// ("body $.a.b[2]"). The text is built here from the reported values rather
// than taken from cmp.Diff, whose output is deliberately unstable. An array
// whose order o ignores is reported as a whole, since its element positions
// mean nothing.
func jsonDifferences(prefix string, recorded, live any, o *jsonOptions) []Difference {
	r := &diffReporter{prefix: prefix, opts: o}
	cmp.Equal(recorded, live, cmp.Reporter(r))
	return r.diffs
}

// diffReporter is a cmp.Reporter that records each differing value with its
// path.
type diffReporter struct {
	prefix string
	opts   *jsonOptions
	path   cmp.Path
	diffs  []Difference
}

func (r *diffReporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }

func (r *diffReporter) PopStep() { r.path = r.path[:len(r.path)-1] }

func (r *diffReporter) Report(rs cmp.Result) {
	if rs.Equal() {
		return
	}
	var segs []jsonpath.Segment
	vx, vy := r.path.Last().Values()
	for i, step := range r.path {
		switch s := step.(type) {
		case cmp.MapIndex:
			segs = append(segs, jsonpath.Segment{Key: fmt.Sprint(s.Key().Interface())})
		case cmp.SliceIndex:
			if r.opts != nil && r.opts.isUnordered(segs) {
				// Report the whole array: positions in a sorted copy
				// would mislead.
				vx, vy = r.path[i-1].Values()
				r.add(segs, vx, vy)
				return
			}
			ix, iy := s.SplitKeys()
			if ix < 0 {
				ix = iy
			}
			segs = append(segs, jsonpath.Segment{Index: ix, IsIndex: true})
		}
	}
	r.add(segs, vx, vy)
}

func (r *diffReporter) add(segs []jsonpath.Segment, vx, vy reflect.Value) {
	path := r.prefix + " " + jsonpath.Format(segs, false)
	if n := len(r.diffs); n > 0 && r.diffs[n-1].Path == path {
		return // an array reported as a whole already
	}
	r.diffs = append(r.diffs, Difference{Path: path, Recorded: formatJSONValue(vx), Live: formatJSONValue(vy)})
}

// formatJSONValue shows a decoded JSON value as JSON, or "(absent)".
func formatJSONValue(v reflect.Value) string {
	if !v.IsValid() {
		return absent
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	const max = 80
	if len(b) > max {
		end := max
		for end > 0 && !utf8.RuneStart(b[end]) {
			end--
		}
		return string(b[:end]) + "…"
	}
	return string(b)
}
