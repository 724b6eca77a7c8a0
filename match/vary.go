package match

import (
	"net/http"
	"slices"
	"strings"
)

// VaryFields returns the request header names that a response's Vary
// header lists (RFC 9111 §4.1), in canonical form and in order, each once;
// nil when it has none. A "*" is returned as "*": it means the response
// answers no other request (the recorder's HTTP cache mode never stores
// such a response; for fixtures, which must replay, it is ignored).
func VaryFields(resp http.Header) []string {
	var names []string
	for _, line := range resp.Values("Vary") {
		for _, n := range strings.Split(line, ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if n != "*" {
				n = http.CanonicalHeaderKey(n)
			}
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return names
}

// Varies compares the live request's headers with the recorded request's
// for the fields a recorded response's Vary named (see VaryFields): nil
// when every one has the same value in both, or is absent from both, so
// that the recording may answer; otherwise a *Mismatch named "vary" with a
// Difference per field. Values are compared as lists: the lines of a field
// joined, whitespace around commas ignored, and for Accept-Language and
// Accept-Encoding also case and order. "*" is ignored.
func Varies(names []string, live, recorded http.Header) error {
	var m *Mismatch
	for _, n := range names {
		if n == "*" {
			continue
		}
		lv, lok := varyValue(live, n)
		rv, rok := varyValue(recorded, n)
		if lv == rv && lok == rok {
			continue
		}
		if m == nil {
			m = &Mismatch{Matcher: "vary"}
		}
		m.Differences = append(m.Differences, Difference{Path: "header " + n + " (Vary)", Recorded: shown(rv, rok), Live: shown(lv, lok)})
	}
	if m == nil {
		return nil
	}
	return m
}

func shown(v string, ok bool) string {
	if !ok {
		return "(absent)"
	}
	return `"` + v + `"`
}

// varyValue is the normalized value of field n in h, and whether h has it.
func varyValue(h http.Header, n string) (string, bool) {
	vs, ok := h[n]
	if !ok {
		return "", false
	}
	var items []string
	for _, line := range vs {
		for _, it := range strings.Split(line, ",") {
			items = append(items, strings.TrimSpace(it))
		}
	}
	if n == "Accept-Language" || n == "Accept-Encoding" {
		for i := range items {
			items[i] = strings.ToLower(items[i])
		}
		slices.Sort(items)
	}
	return strings.Join(items, ","), true
}
