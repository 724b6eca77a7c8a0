package match

import (
	"hash/maphash"
	"net/url"
	"sort"
	"strconv"

	"github.com/tapedeck/recorder/cassette"
)

// URL returns a Matcher that compares full URLs as strings: scheme, host,
// path, query (in order) and fragment. Its Mismatch names the part that
// differs, and each query parameter that differs.
func URL() Matcher { return fullURL{} }

type fullURL struct{}

func (fullURL) Match(live, recorded *cassette.Request) error {
	if live.URL == recorded.URL {
		return nil
	}
	return &Mismatch{Matcher: "url", Differences: urlDifferences(recorded.URL, live.URL)}
}

func (fullURL) Key(r *cassette.Request, h *maphash.Hash) { h.WriteString(r.URL) }

// urlDifferences explains how two URL strings differ, part by part. When
// either does not parse, or the parts are equal but the strings are not (for
// example the query parameters come in another order), it shows the whole
// URLs.
func urlDifferences(recorded, live string) []Difference {
	whole := []Difference{{Path: "url", Recorded: strconv.Quote(recorded), Live: strconv.Quote(live)}}
	ru, err1 := url.Parse(recorded)
	lu, err2 := url.Parse(live)
	if err1 != nil || err2 != nil {
		return whole
	}
	var ds []Difference
	part := func(name, r, l string) {
		if r != l {
			ds = append(ds, Difference{Path: "url " + name, Recorded: strconv.Quote(r), Live: strconv.Quote(l)})
		}
	}
	part("scheme", ru.Scheme, lu.Scheme)
	part("user", ru.User.String(), lu.User.String())
	part("host", ru.Host, lu.Host)
	part("path", ru.EscapedPath(), lu.EscapedPath())
	ds = append(ds, queryDifferences(ru.Query(), lu.Query())...)
	part("fragment", ru.EscapedFragment(), lu.EscapedFragment())
	if len(ds) == 0 {
		part("query order", ru.RawQuery, lu.RawQuery)
	}
	if len(ds) == 0 {
		return whole
	}
	return ds
}

// queryDifferences lists the query parameters whose values differ, sorted by
// name.
func queryDifferences(recorded, live url.Values) []Difference {
	names := make([]string, 0, len(recorded)+len(live))
	for k := range recorded {
		names = append(names, k)
	}
	for k := range live {
		if _, ok := recorded[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var ds []Difference
	for _, k := range names {
		r, rok := recorded[k]
		l, lok := live[k]
		if rok && lok && equalStrings(r, l) {
			continue
		}
		ds = append(ds, Difference{Path: "query " + k, Recorded: formatValues(r, rok), Live: formatValues(l, lok)})
	}
	return ds
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func formatValues(vs []string, ok bool) string {
	if !ok {
		return absent
	}
	if len(vs) == 1 {
		return strconv.Quote(vs[0])
	}
	s := "["
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(v)
	}
	return s + "]"
}

const absent = "(absent)"
