package match

import (
	"hash/maphash"
	"net/url"
	"strconv"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// URL returns a Matcher that compares full URLs as strings: scheme, host,
// path, query (in order) and fragment, leaving out the query parameters of
// request signing (SigningParams: X-Amz-Signature, X-Amz-Date, ... of a
// presigned URL) and those that IgnoreParams names. Its Mismatch names the
// part that differs, and each query parameter that differs. To compare only
// some parts, or the query whatever its order, combine Scheme, Host, Path
// and Query instead.
func URL(opts ...ParamOption) Keyer { return fullURL{ignore: newParamOptions(opts).ignore} }

type fullURL struct {
	ignore map[string]bool // exact names, from IgnoreParams
}

func (m fullURL) Match(live, recorded *cassette.Request) error {
	if live.URL == recorded.URL {
		return nil
	}
	l, r := stripParams(live.URL, m.ignore), stripParams(recorded.URL, m.ignore)
	if l == r {
		return nil
	}
	return &Mismatch{Matcher: "url", Differences: urlDifferences(r, l)}
}

func (m fullURL) Key(r *cassette.Request, h *maphash.Hash) {
	h.WriteString(stripParams(r.URL, m.ignore))
}

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
	rq, rok := paramOptions{}.parseParams(ru.RawQuery)
	lq, lok := paramOptions{}.parseParams(lu.RawQuery)
	if rok && lok {
		ds = append(ds, paramDifferences("query", rq, lq)...)
	} else {
		part("query", ru.RawQuery, lu.RawQuery)
	}
	part("fragment", ru.EscapedFragment(), lu.EscapedFragment())
	if len(ds) == 0 {
		part("query order", ru.RawQuery, lu.RawQuery)
	}
	if len(ds) == 0 {
		return whole
	}
	return ds
}

// Scheme returns a Matcher that compares URL schemes (http, https),
// ignoring case.
func Scheme() Keyer { return urlPart{name: "scheme", of: schemeOf} }

// Host returns a Matcher that compares URL hosts, with their ports,
// ignoring case.
func Host() Keyer { return urlPart{name: "host", of: hostOf} }

// Path returns a Matcher that compares URL paths, as escaped in the URL. An
// empty path equals "/", as it does on the wire.
func Path() Keyer { return urlPart{name: "path", of: pathOf} }

// urlPart compares one part of the URL, as of returns it.
type urlPart struct {
	name string
	of   func(*url.URL) string
}

// value is r's part of the URL; a URL that does not parse is its whole text
// after a NUL byte, which no part of a parsed URL contains.
func (p urlPart) value(r *cassette.Request) string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return "\x00" + r.URL
	}
	return p.of(u)
}

func (p urlPart) Match(live, recorded *cassette.Request) error {
	l, r := p.value(live), p.value(recorded)
	if l == r {
		return nil
	}
	return &Mismatch{Matcher: p.name, Differences: []Difference{{
		Path: "url " + p.name, Recorded: quotePart(r), Live: quotePart(l),
	}}}
}

func (p urlPart) Key(r *cassette.Request, h *maphash.Hash) { h.WriteString(p.value(r)) }

func quotePart(v string) string {
	if s, ok := strings.CutPrefix(v, "\x00"); ok {
		return strconv.Quote(s) + " (not a valid URL)"
	}
	return strconv.Quote(v)
}

func schemeOf(u *url.URL) string { return strings.ToLower(u.Scheme) }

func hostOf(u *url.URL) string { return strings.ToLower(u.Host) }

func pathOf(u *url.URL) string {
	if p := u.EscapedPath(); p != "" {
		return p
	}
	return "/"
}
