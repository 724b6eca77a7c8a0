package expiry

import (
	"net/http"
	"sort"
	"strings"
)

// headerValues returns every value of the header named key (in canonical
// form, e.g. "Cache-Control"). Recorded headers normally have canonical
// keys, but a hand-edited cassette may say "cache-control": when the
// canonical key is absent, the values of every other spelling are returned,
// in sorted key order so the answer does not depend on map order.
func headerValues(h http.Header, key string) []string {
	if v, ok := h[key]; ok {
		return v
	}
	var keys []string
	for k := range h {
		if strings.EqualFold(k, key) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 1 {
		return h[keys[0]]
	}
	sort.Strings(keys)
	var values []string
	for _, k := range keys {
		values = append(values, h[k]...)
	}
	return values
}

// firstValue returns the first value of the header named key, trimmed, and
// whether the header is present at all.
func firstValue(h http.Header, key string) (string, bool) {
	v := headerValues(h, key)
	if len(v) == 0 {
		return "", false
	}
	return strings.TrimSpace(v[0]), true
}
