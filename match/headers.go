package match

import (
	"hash/maphash"
	"net/http"
	"net/textproto"
	"slices"
	"sort"

	"github.com/tapedeck/recorder/cassette"
)

// Headers returns a Matcher that compares the named request headers (names
// are case-insensitive). A header must have the same values, in the same
// order, on both sides; a header that is absent on one side differs. With
// no names it compares every header. Its Mismatch names each header that
// differs ("header Accept").
//
// Headers that a recorder redacts before saving (Authorization, Cookie...)
// compare as they were saved: leave them out, or see HeadersExcept.
func Headers(names ...string) Keyer {
	if len(names) == 0 {
		return headers{}
	}
	h := headers{only: make([]string, 0, len(names))}
	for _, n := range names {
		h.only = append(h.only, textproto.CanonicalMIMEHeaderKey(n))
	}
	sort.Strings(h.only)
	h.only = slices.Compact(h.only)
	return h
}

// HeadersExcept returns a Matcher that compares every request header except
// the named ones (case-insensitive), as Headers does: use it for headers
// that change from run to run, such as X-Request-Id or a date.
func HeadersExcept(names ...string) Keyer {
	h := headers{except: make(map[string]bool, len(names))}
	for _, n := range names {
		h.except[textproto.CanonicalMIMEHeaderKey(n)] = true
	}
	return h
}

// headers compares the headers named in only, or, when only is nil, every
// header but those in except.
type headers struct {
	only   []string
	except map[string]bool
}

// values returns the values of the headers h compares in r, by canonical
// name; names with no values are left out.
func (hs headers) values(r http.Header) map[string][]string {
	out := make(map[string][]string, len(r))
	if hs.only != nil {
		for _, n := range hs.only {
			if vs := r.Values(n); len(vs) > 0 {
				out[n] = vs
			}
		}
		return out
	}
	for k, vs := range r {
		n := textproto.CanonicalMIMEHeaderKey(k)
		if hs.except[n] || len(vs) == 0 {
			continue
		}
		out[n] = append(out[n], vs...)
	}
	return out
}

func (hs headers) Match(live, recorded *cassette.Request) error {
	lv, rv := hs.values(live.Headers), hs.values(recorded.Headers)
	var ds []Difference
	for _, n := range sortedKeys(lv, rv) {
		l, lok := lv[n]
		r, rok := rv[n]
		if lok && rok && slices.Equal(l, r) {
			continue
		}
		ds = append(ds, Difference{Path: "header " + n, Recorded: formatValues(r, rok), Live: formatValues(l, lok)})
	}
	if ds == nil {
		return nil
	}
	return &Mismatch{Matcher: "headers", Differences: ds}
}

func (hs headers) Key(r *cassette.Request, h *maphash.Hash) {
	v := hs.values(r.Headers)
	for _, n := range sortedKeys(v, nil) {
		h.WriteString(n)
		h.WriteByte(0)
		for _, s := range v[n] {
			h.WriteString(s)
			h.WriteByte(0)
		}
		h.WriteByte(1)
	}
}

// HeaderNames returns the names of the headers of h that hs compares.
func (hs headers) HeaderNames(h http.Header) []string {
	if hs.only != nil {
		return hs.only
	}
	return sortedKeys(hs.values(h), nil)
}

// sortedKeys returns the keys of a and b, sorted, each once.
func sortedKeys(a, b map[string][]string) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}
