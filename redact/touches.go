package redact

import (
	"net/url"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// Touches reports whether Request may change req. When it returns false,
// Request(req) would return a request equal to req, so a caller on a hot
// path (the recorder, deciding whether a live request that matched nothing
// is worth redacting and matching again) can use req as it is and skip the
// copy. It may return true for a request that Request
// leaves unchanged, never false for one it changes.
//
// It looks at what the filters look at, cheaply: the names of the headers
// (and the query of a Location, Content-Location or Referer header), the
// user information of the URL and the names of its query and fragment
// parameters, and the Secret values and Pattern expressions over the URL
// and header values. A request with a body is always touched, since the
// default JSON and form rules read every body. For a request without a body
// and a Redactor without Secret filters it does not allocate.
func (r *Redactor) Touches(req cassette.Request) bool {
	if len(req.Body) > 0 {
		return true
	}
	text := len(r.secrets) > 0 || len(r.patterns) > 0 // filters over every value
	if r.touchesURL(req.URL) || text && r.touchesText(req.URL) {
		return true
	}
	for name, values := range req.Headers {
		if len(values) == 0 {
			continue
		}
		if r.redactsHeader(name) {
			return true
		}
		isURL := isURLHeader(name)
		if !isURL && !text {
			continue
		}
		for _, v := range values {
			if isURL && r.touchesURL(v) || text && r.touchesText(v) {
				return true
			}
		}
	}
	return false
}

// Restores reports whether Restore can change a response: whether r has
// Secret filters. When it returns false, Restore returns its argument.
func (r *Redactor) Restores() bool {
	return len(r.secrets) > 0
}

// touchesURL reports whether redactURLParams may change u: it has a password
// in its user information, or a query or fragment parameter that is
// redacted.
func (r *Redactor) touchesURL(u string) bool {
	if hasPassword(u) {
		return true
	}
	_, query, fragment := splitURL(u)
	if r.touchesPairs(query, r.params) {
		return true
	}
	return len(fragment) > 1 && strings.IndexByte(fragment, '=') >= 0 && r.touchesPairs(fragment[1:], r.params)
}

// hasPassword reports whether redactUserinfo would change u, without
// building the result.
func hasPassword(u string) bool {
	if strings.IndexByte(u, '@') < 0 {
		return false // most URLs: no user information, nothing to scan
	}
	i := strings.Index(u, "://")
	if i < 0 {
		return false
	}
	rest := u[i+3:]
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return false
	}
	_, pass, ok := strings.Cut(rest[:at], ":")
	return ok && pass != Placeholder
}

// touchesPairs reports whether redactPairs would change raw.
func (r *Redactor) touchesPairs(raw string, users map[string]bool) bool {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if k, v, ok := strings.Cut(pair, "="); ok && r.redactsPair(users, k, v) {
			return true
		}
	}
	return false
}

// touchesText reports whether redactText may change s: a Secret's value (or
// one of its URL-escaped forms) or a Pattern's match occurs in it.
func (r *Redactor) touchesText(s string) bool {
	for _, sec := range r.secrets {
		v := sec.value()
		if v == "" || r.insidePlaceholder(v) {
			continue
		}
		if strings.Contains(s, v) || strings.Contains(s, url.QueryEscape(v)) || strings.Contains(s, url.PathEscape(v)) {
			return true
		}
	}
	for _, p := range r.patterns {
		if p.re.MatchString(s) {
			return true
		}
	}
	return false
}
