package redact

import (
	"bytes"
	"net/http"
	"strings"
)

// redactHeader returns a copy of h with the values of redacted headers
// replaced and the Pattern and Secret filters applied to every value. A nil
// header stays nil.
func (r *Redactor) redactHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	// h.Clone, and the redaction in the same pass over the map: the values
	// share a backing array (grown when a name has more than one), each
	// name's slice capped at its own.
	all := make([]string, 0, len(h))
	out := make(http.Header, len(h))
	for name, values := range h {
		if values == nil {
			out[name] = nil
			continue
		}
		start := len(all)
		all = append(all, values...)
		values = all[start:len(all):len(all)]
		out[name] = values
		redacted := r.redactsHeader(name)
		isURL := isURLHeader(name)
		for i, v := range values {
			switch {
			case redacted:
				v = redactHeaderValue(name, v)
			case isURL:
				v = r.redactURLParams(v)
			}
			values[i] = r.redactText(v)
		}
	}
	return out
}

// isURLHeader reports whether the header holds URLs (an OAuth redirect's
// Location carries a code or a token), so that their query parameters are
// redacted like the request URL's.
func isURLHeader(name string) bool {
	switch name {
	case "Location", "Content-Location", "Referer":
		return true
	}
	return false
}

// redactsHeader reports whether the header's values are redacted: a Header
// filter names it, or a default rule does and Keep did not turn it off.
func (r *Redactor) redactsHeader(name string) bool {
	return hasFold(r.headers, name) || !r.kept(name) && isDefaultHeader(name)
}

// redactHeaderValue replaces the secret part of one header value and keeps
// what a reviewer needs to read the cassette: cookie names and attributes,
// the scheme of an Authorization header.
func redactHeaderValue(name, v string) string {
	var buf [64]byte
	switch n := appendNormalized(buf[:0], name); {
	case string(n) == "cookie":
		return redactCookies(v)
	case string(n) == "setcookie":
		return redactSetCookie(v)
	case bytes.Contains(n, []byte("authorization")):
		return redactCredentials(v)
	}
	return Placeholder
}

// redactCookies redacts every value of a Cookie header: "a=1; b=2" becomes
// "a=REDACTED; b=REDACTED".
func redactCookies(v string) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		parts[i] = redactCookie(strings.TrimSpace(p))
	}
	return strings.Join(parts, "; ")
}

// redactSetCookie redacts the value of a Set-Cookie header and keeps its
// attributes: "id=1; Path=/; HttpOnly" becomes "id=REDACTED; Path=/; HttpOnly".
func redactSetCookie(v string) string {
	head, attrs, ok := strings.Cut(v, ";")
	head = redactCookie(strings.TrimSpace(head))
	if !ok {
		return head
	}
	return head + ";" + attrs
}

// redactCookie redacts one name=value pair, keeping the name.
func redactCookie(p string) string {
	name, _, ok := strings.Cut(p, "=")
	if !ok {
		return Placeholder
	}
	return name + "=" + Placeholder
}

// redactCredentials redacts an Authorization value and keeps its scheme:
// "Bearer abc" becomes "Bearer REDACTED"; a value with no scheme becomes
// "REDACTED".
func redactCredentials(v string) string {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || strings.TrimSpace(rest) == "" || !isScheme(scheme) {
		return Placeholder
	}
	return scheme + " " + Placeholder
}

// isScheme reports whether s can be an HTTP authentication scheme name
// (a token of letters, digits and a few punctuation marks, not too long).
func isScheme(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
