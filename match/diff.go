package match

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
)

// jsonDifferences compares two decoded JSON values with go-cmp and returns
// one Difference per differing leaf, with a JSON path ($.a.b[2]). The text is
// built here from the reported values rather than taken from cmp.Diff, whose
// output is deliberately unstable.
func jsonDifferences(recorded, live any) []Difference {
	r := &diffReporter{}
	cmp.Equal(recorded, live, cmp.Reporter(r))
	return r.diffs
}

// diffReporter is a cmp.Reporter that records each differing value with its
// path.
type diffReporter struct {
	path  cmp.Path
	diffs []Difference
}

func (r *diffReporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }

func (r *diffReporter) PopStep() { r.path = r.path[:len(r.path)-1] }

func (r *diffReporter) Report(rs cmp.Result) {
	if rs.Equal() {
		return
	}
	vx, vy := r.path.Last().Values()
	r.diffs = append(r.diffs, Difference{
		Path:     "body " + jsonPath(r.path),
		Recorded: formatJSONValue(vx),
		Live:     formatJSONValue(vy),
	})
}

// jsonPath writes a cmp.Path over decoded JSON as a JSON path: $.key,
// $["odd key"], $[3].
func jsonPath(p cmp.Path) string {
	var b strings.Builder
	b.WriteString("$")
	for _, step := range p {
		switch s := step.(type) {
		case cmp.MapIndex:
			k := fmt.Sprint(s.Key().Interface())
			if isIdentifier(k) {
				b.WriteString("." + k)
			} else {
				b.WriteString("[" + strconv.Quote(k) + "]")
			}
		case cmp.SliceIndex:
			i, j := s.SplitKeys()
			if i < 0 {
				i = j
			}
			fmt.Fprintf(&b, "[%d]", i)
		}
	}
	return b.String()
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
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
		return string(b[:max]) + "…"
	}
	return string(b)
}
