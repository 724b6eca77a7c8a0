package drift

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/jsonpath"
)

// placeholder is the redaction placeholder of package redact (which this
// package does not import): a recorded value holding it is not compared.
const placeholder = "REDACTED"

// Responses returns what changed from the old response to the new one:
// the status, the response headers (paths "response header NAME"), and the
// body ("response body $.path" for JSON, "response body" otherwise), in
// that order. It is nil when nothing did.
func Responses(old, new *cassette.Response, opts ...Option) []Change {
	o := newOptions(opts)
	return o.responses(old, new)
}

// Requests returns what changed from the old request to the new one: the
// method, the URL, the request headers and the body, with paths "method",
// "url", "request header NAME" and "request body ...".
func Requests(old, new *cassette.Request, opts ...Option) []Change {
	o := newOptions(opts)
	return o.requests(old, new)
}

func (o *options) responses(old, new *cassette.Response) []Change {
	var changes []Change
	if old.Code != new.Code {
		changes = append(changes, Change{Kind: ValueChanged, Path: "status", Old: statusText(old), New: statusText(new), Count: 1})
	}
	changes = append(changes, o.headers("response header ", old.Headers, new.Headers)...)
	changes = append(changes, o.body("response body", old.Headers, old.Body, new.Headers, new.Body)...)
	return changes
}

func (o *options) requests(old, new *cassette.Request) []Change {
	var changes []Change
	if old.Method != new.Method {
		changes = append(changes, Change{Kind: ValueChanged, Path: "method", Old: old.Method, New: new.Method, Count: 1})
	}
	if old.URL != new.URL && !strings.Contains(old.URL, placeholder) {
		changes = append(changes, Change{Kind: ValueChanged, Path: "url", Old: old.URL, New: new.URL, Count: 1})
	}
	changes = append(changes, o.headers("request header ", old.Headers, new.Headers)...)
	changes = append(changes, o.body("request body", old.Headers, old.Body, new.Headers, new.Body)...)
	return changes
}

func statusText(r *cassette.Response) string {
	if r.Status != "" {
		return r.Status
	}
	return strings.TrimSpace(strconv.Itoa(r.Code) + " " + http.StatusText(r.Code))
}

// headers compares two header sets by canonical name.
func (o *options) headers(prefix string, old, new http.Header) []Change {
	oldH, newH := canonical(old), canonical(new)
	names := make([]string, 0, len(oldH)+len(newH))
	for k := range oldH {
		names = append(names, k)
	}
	for k := range newH {
		if _, ok := oldH[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var changes []Change
	for _, name := range names {
		if o.ignore[name] {
			continue
		}
		ov, inOld := oldH[name]
		nv, inNew := newH[name]
		path := prefix + name
		switch {
		case !inOld:
			changes = append(changes, Change{Kind: Added, Path: path, New: headerValue(nv, o.values), Count: 1})
		case !inNew:
			changes = append(changes, Change{Kind: Removed, Path: path, Old: headerValue(ov, o.values), Count: 1})
		case slices.Equal(ov, nv) || strings.Contains(strings.Join(ov, ","), placeholder):
		case name == "Content-Type":
			if mediaType(ov[0]) != mediaType(nv[0]) || o.values {
				changes = append(changes, Change{Kind: ValueChanged, Path: path, Old: strings.Join(ov, ", "), New: strings.Join(nv, ", "), Count: 1})
			}
		case o.values:
			changes = append(changes, Change{Kind: ValueChanged, Path: path, Old: strings.Join(ov, ", "), New: strings.Join(nv, ", "), Count: 1})
		}
	}
	return changes
}

// headerValue is what a report shows of a header that was added or
// removed: its value when values are compared, nothing otherwise.
func headerValue(v []string, values bool) string {
	if !values {
		return ""
	}
	return strings.Join(v, ", ")
}

func canonical(h http.Header) map[string][]string {
	m := make(map[string][]string, len(h))
	for k, v := range h {
		ck := http.CanonicalHeaderKey(k)
		m[ck] = append(m[ck], v...)
	}
	return m
}

func mediaType(v string) string {
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return mt
}

// body compares two bodies, decoded: by JSON path when both are JSON,
// byte for byte (with Values) otherwise.
func (o *options) body(path string, oldH http.Header, oldB []byte, newH http.Header, newB []byte) []Change {
	oldPlain, _, oldErr := cassette.DecodedBody(oldH, oldB)
	newPlain, _, newErr := cassette.DecodedBody(newH, newB)
	if oldErr != nil || newErr != nil {
		// Compare what there is, as bytes.
		oldPlain, newPlain = oldB, newB
	}
	if bytes.Equal(oldPlain, newPlain) {
		return nil
	}
	switch {
	case len(oldPlain) == 0:
		return []Change{{Kind: Added, Path: path, New: size(newPlain), Count: 1}}
	case len(newPlain) == 0:
		return []Change{{Kind: Removed, Path: path, Old: size(oldPlain), Count: 1}}
	}
	ov, oldJSON := decodeJSON(oldPlain)
	nv, newJSON := decodeJSON(newPlain)
	switch {
	case oldJSON && newJSON:
		var changes []Change
		o.compareJSON(nil, ov, nv, &changes)
		for i := range changes {
			changes[i].Path = path + " " + changes[i].Path
		}
		return collapse(changes)
	case oldJSON != newJSON:
		return []Change{{Kind: TypeChanged, Path: path, Old: bodyKind(oldJSON, oldPlain), New: bodyKind(newJSON, newPlain), Count: 1}}
	case o.values:
		return []Change{{Kind: ValueChanged, Path: path, Old: size(oldPlain), New: size(newPlain), Count: 1}}
	}
	return nil
}

func size(b []byte) string {
	if len(b) == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", len(b))
}

func bodyKind(isJSON bool, b []byte) string {
	if isJSON {
		return "JSON, " + size(b)
	}
	if cassette.IsText(b) {
		return "text, " + size(b)
	}
	return "binary, " + size(b)
}

// decodeJSON decodes a whole body as one JSON value, numbers kept as
// written.
func decodeJSON(b []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, false // more than one value
	}
	return v, true
}

func (o *options) compareJSON(segs []jsonpath.Segment, ov, nv any, changes *[]Change) {
	ot, nt := jsonType(ov), jsonType(nv)
	path := jsonpath.Format(segs, false)
	if ot != nt {
		*changes = append(*changes, Change{Kind: TypeChanged, Path: path, Old: describe(ov), New: describe(nv), Count: 1})
		return
	}
	switch ov := ov.(type) {
	case map[string]any:
		nv := nv.(map[string]any)
		keys := make([]string, 0, len(ov)+len(nv))
		for k := range ov {
			keys = append(keys, k)
		}
		for k := range nv {
			if _, ok := ov[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			child := append(segs[:len(segs):len(segs)], jsonpath.Segment{Key: k})
			oc, inOld := ov[k]
			nc, inNew := nv[k]
			switch {
			case !inOld:
				*changes = append(*changes, Change{Kind: Added, Path: jsonpath.Format(child, false), New: describe(nc), Count: 1})
			case !inNew:
				*changes = append(*changes, Change{Kind: Removed, Path: jsonpath.Format(child, false), Old: describe(oc), Count: 1})
			default:
				o.compareJSON(child, oc, nc, changes)
			}
		}
	case []any:
		nv := nv.([]any)
		for i := 0; i < max(len(ov), len(nv)); i++ {
			child := append(segs[:len(segs):len(segs)], jsonpath.Segment{Index: i, IsIndex: true})
			switch {
			case i >= len(ov):
				*changes = append(*changes, Change{Kind: Added, Path: jsonpath.Format(child, false), New: describe(nv[i]), Count: 1})
			case i >= len(nv):
				*changes = append(*changes, Change{Kind: Removed, Path: jsonpath.Format(child, false), Old: describe(ov[i]), Count: 1})
			default:
				o.compareJSON(child, ov[i], nv[i], changes)
			}
		}
	default:
		if !o.values || jsonEqual(ov, nv) {
			return
		}
		if s, ok := ov.(string); ok && strings.Contains(s, placeholder) {
			return
		}
		*changes = append(*changes, Change{Kind: ValueChanged, Path: path, Old: describe(ov), New: describe(nv), Count: 1})
	}
}

func jsonEqual(a, b any) bool {
	if an, ok := a.(json.Number); ok {
		bn := b.(json.Number)
		if an == bn {
			return true
		}
		af, aerr := an.Float64()
		bf, berr := bn.Float64()
		return aerr == nil && berr == nil && af == bf
	}
	return a == b
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// describe is a JSON value for a report: its type, and for a scalar its
// value, shortened.
func describe(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return fmt.Sprintf("object of %d", len(v))
	case []any:
		return fmt.Sprintf("array of %d", len(v))
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return jsonType(v) + " " + s
}

// collapse reports once a change that every element of an array shares:
// the same kind at the same path with [*] for the index.
func collapse(changes []Change) []Change {
	if len(changes) == 0 {
		return nil
	}
	type group struct {
		first, count int
	}
	general := make([]string, len(changes))
	groups := map[string]*group{}
	for i, c := range changes {
		g := anyIndex(c.Path)
		general[i] = g
		key := c.Kind.String() + "\x00" + g
		if gr, ok := groups[key]; ok {
			gr.count++
		} else {
			groups[key] = &group{first: i, count: 1}
		}
	}
	out := changes[:0:0]
	for i, c := range changes {
		gr := groups[c.Kind.String()+"\x00"+general[i]]
		switch {
		case gr.count == 1:
			out = append(out, c)
		case gr.first == i:
			c.Path, c.Count = general[i], gr.count
			out = append(out, c)
		}
	}
	return out
}

// anyIndex writes the array indexes of a formatted path as [*], leaving
// quoted member names ($['a[1]']) alone.
func anyIndex(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if strings.HasPrefix(path[i:], "['") {
			// A quoted member name: copied as it is, escapes included.
			j := i + 2
			for j < len(path) && path[j] != '\'' {
				if path[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+2, len(path))
			b.WriteString(path[i:end])
			i = end - 1
			continue
		}
		if path[i] == '[' {
			j := i + 1
			for j < len(path) && path[j] >= '0' && path[j] <= '9' {
				j++
			}
			if j > i+1 && j < len(path) && path[j] == ']' {
				b.WriteString("[*]")
				i = j
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}
