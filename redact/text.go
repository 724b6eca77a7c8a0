package redact

import (
	"net/url"
	"strings"
)

// redactText applies the Secret filters, then the Pattern filters, in option
// order, to s (a header value, a URL or a decoded body).
func (r *Redactor) redactText(s string) string {
	return r.redactTextAs(s, nil)
}

// xmlText escapes a placeholder for XML text: a placeholder such as
// <API_KEY> would otherwise be read as markup and break the document.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// redactTextAs is redactText with every placeholder written as escape
// says (nil: as it is), for text in a syntax where the placeholder's
// characters mean something: the decoded text of an XML body.
func (r *Redactor) redactTextAs(s string, escape func(string) string) string {
	for _, sec := range r.secrets {
		s = r.replaceSecret(s, sec, escape)
	}
	for _, p := range r.patterns {
		s = p.replace(s, escaped(p.placeholder, escape))
	}
	return s
}

func escaped(s string, escape func(string) string) string {
	if escape == nil {
		return s
	}
	return escape(s)
}

// replaceSecret replaces the secret's value, its URL-escaped forms and
// (when escape is set) its escaped form, with the placeholder, escaped.
func (r *Redactor) replaceSecret(s string, sec secret, escape func(string) string) string {
	v := sec.value()
	if v == "" || r.insidePlaceholder(v) {
		return s
	}
	placeholder := escaped(sec.placeholder, escape)
	s = strings.ReplaceAll(s, v, placeholder)
	for _, esc := range []string{url.QueryEscape(v), url.PathEscape(v), escaped(v, escape)} {
		if esc != v {
			s = strings.ReplaceAll(s, esc, placeholder)
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
func (p pattern) replace(s, placeholder string) string {
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
		b.WriteString(placeholder)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// restoreText replaces each Secret's placeholder with its value.
func (r *Redactor) restoreText(s string) string {
	return r.restoreTextAs(s, nil)
}

// restoreTextAs is restoreText for text where placeholders and values are
// written as escape says (see redactTextAs).
func (r *Redactor) restoreTextAs(s string, escape func(string) string) string {
	for _, sec := range r.secrets {
		v := sec.value()
		if v == "" || v == sec.placeholder {
			continue
		}
		s = strings.ReplaceAll(s, escaped(sec.placeholder, escape), escaped(v, escape))
	}
	return s
}
