package match

import (
	"net/url"
	"strings"
)

// SigningParams returns the query parameters that request signing puts in
// a URL, which URL and Default leave out when they compare URLs: the
// parameters of an AWS Signature Version 4 presigned URL (X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders,
// X-Amz-Signature, X-Amz-Security-Token) and of a Google Cloud Storage V4
// signed URL (the same with X-Goog-). They change with every signature, a
// second later or with other credentials, while the request they sign stays
// the same. Names compare case-insensitively.
//
// The list is a copy; to leave out more parameters (a timestamp, a nonce,
// a signature of another scheme), name them once with IgnoreParams:
//
//	recorder.WithMatcher(match.Default(match.IgnoreParams("ts", "nonce")))
//
// The redact package redacts the secret ones among them (the credential,
// the signature and the security token) by default.
func SigningParams() []string {
	var names []string
	for _, prefix := range []string{"X-Amz-", "X-Goog-"} {
		for _, name := range signingSuffixes {
			names = append(names, prefix+name)
		}
	}
	return names
}

// signingSuffixes are the SigV4 query parameters after their X-Amz- or
// X-Goog- prefix. GCS has no security token, but leaving out a parameter
// it never sends costs nothing.
var signingSuffixes = []string{"Algorithm", "Credential", "Date", "Expires", "SignedHeaders", "Signature", "Security-Token"}

// isSigningParam reports whether name is one of SigningParams, in any case.
// It runs for every query parameter of every live request, so it rejects
// most names by their first byte and length, and does not allocate.
func isSigningParam(name string) bool {
	if len(name) < len("X-Amz-Date") || len(name) > len("X-Goog-Security-Token") || name[0]|0x20 != 'x' {
		return false
	}
	var rest string
	switch {
	case len(name) > 6 && strings.EqualFold(name[:6], "x-amz-"):
		rest = name[6:]
	case len(name) > 7 && strings.EqualFold(name[:7], "x-goog-"):
		rest = name[7:]
	default:
		return false
	}
	for _, s := range signingSuffixes {
		if strings.EqualFold(rest, s) {
			return true
		}
	}
	return false
}

// stripParams returns u without the query parameters that the signing list
// or ignore names (ignore compares exactly, as IgnoreParams says), keeping
// every other byte and the order of the rest. It returns u itself, without
// allocating, when there is nothing to leave out.
func stripParams(u string, ignore map[string]bool) string {
	q := strings.IndexByte(u, '?')
	if q < 0 {
		return u
	}
	query, fragment := u[q+1:], ""
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query, fragment = query[:h], query[h:]
	}
	// Every signing parameter has a "-" in its name; most queries have
	// none at all, and are passed over at the speed of IndexByte.
	if len(ignore) == 0 && strings.IndexByte(query, '-') < 0 || !hasIgnored(query, ignore) {
		return u
	}
	var b strings.Builder
	b.Grow(len(u))
	b.WriteString(u[:q])
	sep := byte('?')
	for rest := query; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if pair == "" || ignoredParam(pair, ignore) {
			continue
		}
		b.WriteByte(sep)
		b.WriteString(pair)
		sep = '&'
	}
	b.WriteString(fragment)
	return b.String()
}

// hasIgnored reports whether a raw query holds a parameter to leave out.
func hasIgnored(query string, ignore map[string]bool) bool {
	for rest := query; rest != ""; {
		var pair string
		pair, rest, _ = strings.Cut(rest, "&")
		if ignoredParam(pair, ignore) {
			return true
		}
	}
	return false
}

// ignoredParam reports whether the name of a name=value pair is one to
// leave out.
func ignoredParam(pair string, ignore map[string]bool) bool {
	name, _, _ := strings.Cut(pair, "=")
	if strings.IndexByte(name, '%') >= 0 || strings.IndexByte(name, '+') >= 0 {
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
	}
	return isSigningParam(name) || len(ignore) > 0 && ignore[name]
}
