package redact

import (
	"net/url"
	"strings"
)

// redactURL redacts a request URL: the password of its user information,
// the values of redacted query parameters, then the Secret and Pattern
// filters over the whole text. It edits the text in place rather than
// re-encoding a parsed URL, so every other byte (parameter order, escaping)
// stays as it was sent.
func (r *Redactor) redactURL(u string) string {
	return r.redactText(r.redactURLParams(u))
}

// redactURLParams redacts the password of a URL's user information and the
// values of redacted parameters in its query and, when it holds name=value
// pairs (an OAuth implicit-flow redirect), its fragment.
func (r *Redactor) redactURLParams(u string) string {
	u = redactUserinfo(u)
	base, query, fragment := splitURL(u)
	if query == "" && !strings.Contains(fragment, "=") {
		return u
	}
	out := base
	if len(base)+len(fragment) < len(u) { // a "?", perhaps with nothing after it
		out += "?" + r.redactPairs(query, r.params)
	}
	if fragment != "" {
		out += "#" + r.redactPairs(fragment[1:], r.params)
	}
	return out
}

// splitURL cuts u into what comes before the query, the raw query (without
// "?") and the fragment (with its "#").
func splitURL(u string) (base, query, fragment string) {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, fragment = u[:i], u[i:]
	}
	base, query, _ = strings.Cut(u, "?")
	return base, query, fragment
}

// redactUserinfo replaces the password in scheme://user:password@host.
func redactUserinfo(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return u
	}
	rest := u[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		return u
	}
	user, pass, ok := strings.Cut(rest[:at], ":")
	if !ok || pass == Placeholder {
		return u
	}
	return u[:i+3] + user + ":" + Placeholder + rest[at:]
}

// redactPairs redacts the values of an &-separated list of name=value pairs
// (a query or a form body) whose names users lists or the default rules
// cover. Names and values are compared unescaped; the text of every pair
// that stays is untouched, and nothing is allocated when no pair changes.
func (r *Redactor) redactPairs(raw string, users map[string]bool) string {
	var b strings.Builder
	last := 0 // raw[:last] has been written to b
	for start := 0; start <= len(raw); {
		end := strings.IndexByte(raw[start:], '&')
		if end < 0 {
			end = len(raw)
		} else {
			end += start
		}
		k, v, ok := strings.Cut(raw[start:end], "=")
		if ok && r.redactsPair(users, k, v) {
			valueStart := start + len(k) + 1
			b.WriteString(raw[last:valueStart])
			b.WriteString(Placeholder)
			last = end
		}
		start = end + 1
	}
	if last == 0 {
		return raw
	}
	b.WriteString(raw[last:])
	return b.String()
}

// redactsPair reports whether redactPairs replaces the value v of the pair
// named k (both still escaped). It allocates only for escaped names and
// values.
func (r *Redactor) redactsPair(users map[string]bool, k, v string) bool {
	if v == "" || v == Placeholder {
		return false
	}
	name := unescape(k)
	if isKeyName(name) { // the only rule that reads the value
		v = unescape(v)
	}
	return r.redactName(users, name, v)
}

// unescape decodes a query component, or returns it as it is when it is not
// validly escaped.
func unescape(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s // the common case, checked first on the replay path
	}
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}
