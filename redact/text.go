package redact

import (
	"net/url"
	"strings"
)

// redactText applies the Secret filters, then the Pattern filters, in option
// order, to s (a header value, a URL or a decoded body).
func (r *Redactor) redactText(s string) string {
	for _, sec := range r.secrets {
		s = r.replaceSecret(s, sec)
	}
	for _, p := range r.patterns {
		s = p.replace(s)
	}
	return s
}

// replaceSecret replaces the secret's value, and its URL-escaped forms, with
// its placeholder.
func (r *Redactor) replaceSecret(s string, sec secret) string {
	v := sec.value()
	if v == "" || r.insidePlaceholder(v) {
		return s
	}
	s = strings.ReplaceAll(s, v, sec.placeholder)
	for _, esc := range []string{url.QueryEscape(v), url.PathEscape(v)} {
		if esc != v {
			s = strings.ReplaceAll(s, esc, sec.placeholder)
		}
	}
	return s
}

// insidePlaceholder reports whether v occurs inside one of the placeholders:
// replacing such a value would rewrite the placeholders themselves, and
// redacting twice would differ from redacting once.
func (r *Redactor) insidePlaceholder(v string) bool {
	if strings.Contains(Placeholder, v) {
		return true
	}
	for _, p := range r.placeholders {
		if strings.Contains(p, v) {
			return true
		}
	}
	return false
}

// replace replaces every match of the pattern in s (the first group's text
// when the expression has groups) with the placeholder.
func (p pattern) replace(s string) string {
	matches := p.re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		start, end := m[0], m[1]
		if len(m) >= 4 && m[2] >= 0 {
			start, end = m[2], m[3]
		}
		if start < last {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(p.placeholder)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// restoreText replaces each Secret's placeholder with its value.
func (r *Redactor) restoreText(s string) string {
	for _, sec := range r.secrets {
		v := sec.value()
		if v == "" || v == sec.placeholder {
			continue
		}
		s = strings.ReplaceAll(s, sec.placeholder, v)
	}
	return s
}
