package expiry

import (
	"net/http"
	"strings"
	"time"
)

// maxDelta is the largest delta-seconds value a cache must honor; RFC 9111
// §1.2.2 says to treat any larger value (or an overflow) as 2^31 seconds.
const maxDelta = 1 << 31

// directives are the Cache-Control directives this package acts on. Every
// other directive (s-maxage, proxy-revalidate, extensions...) is ignored,
// and those after badMaxAge only under Policy.HTTPCache.
type directives struct {
	// noStore is set by a no-store directive, with or without an argument:
	// when a message asks not to be stored, a malformed spelling of the
	// request is still honored.
	noStore bool
	// noCache is set by an unqualified no-cache directive. In a response, a
	// qualified one (no-cache="Set-Cookie") only forbids reusing the named
	// fields without revalidation, so it is ignored; in a request no-cache
	// takes no argument and any argument is ignored.
	noCache bool
	// maxAge is the first valid max-age value; hasMaxAge says whether there
	// was one. An invalid value ("abc", "-1", "1.5", empty) is ignored.
	maxAge    time.Duration
	hasMaxAge bool

	// The directives below are read for Policy.HTTPCache only.
	//
	// badMaxAge is set when a max-age had no valid value: RFC 9111 §4.2.1
	// makes such a response stale.
	badMaxAge bool
	// mustRevalidate: a stale response must not be used without a
	// successful revalidation (§5.2.2.2).
	mustRevalidate bool
	// public and private allow a response to be stored whatever its
	// status (§3, §5.2.2.7, §5.2.2.9: a private cache may store private
	// responses).
	public, private bool
	// mustUnderstand: store only if the status code is understood, and
	// then ignore no-store (§5.2.2.3).
	mustUnderstand bool
	// Request directives (§5.2.1): maxStale accepts a response stale by
	// up to that much (anyStale: max-stale without a value, any
	// staleness); minFresh asks for a response fresh for that much
	// longer; onlyIfCached asks not to go to the network.
	maxStale     time.Duration
	hasMaxStale  bool
	anyStale     bool
	minFresh     time.Duration
	onlyIfCached bool
	// staleWhileRevalidate is the response's stale-while-revalidate
	// window (RFC 5861 §3).
	staleWhileRevalidate time.Duration
}

// parseCacheControl reads every Cache-Control field line of h (a list
// header, so several lines are one comma-separated list). response selects
// the response meaning of a qualified no-cache. It never fails: malformed
// directives are skipped.
func parseCacheControl(h http.Header, response bool) directives {
	var d directives
	for _, line := range headerValues(h, "Cache-Control") {
		forEachDirective(line, func(name, value string, hasValue bool) {
			switch name {
			case "no-store":
				d.noStore = true
			case "no-cache":
				if !hasValue || !response {
					d.noCache = true
				}
			case "max-age":
				if d.hasMaxAge {
					return
				}
				if !hasValue {
					d.badMaxAge = true
					return
				}
				if secs, ok := parseDeltaSeconds(value); ok {
					d.maxAge, d.hasMaxAge = time.Duration(secs)*time.Second, true
				} else {
					d.badMaxAge = true
				}
			case "must-revalidate":
				d.mustRevalidate = true
			case "public":
				d.public = true
			case "private":
				d.private = true
			case "must-understand":
				d.mustUnderstand = true
			case "max-stale":
				d.hasMaxStale = true
				if secs, ok := parseDeltaSeconds(value); ok && hasValue {
					d.maxStale = time.Duration(secs) * time.Second
				} else {
					d.anyStale = true
				}
			case "min-fresh":
				if secs, ok := parseDeltaSeconds(value); ok {
					d.minFresh = time.Duration(secs) * time.Second
				}
			case "only-if-cached":
				d.onlyIfCached = true
			case "stale-while-revalidate":
				if secs, ok := parseDeltaSeconds(value); ok {
					d.staleWhileRevalidate = time.Duration(secs) * time.Second
				}
			}
		})
	}
	return d
}

// forEachDirective calls fn for each directive of one Cache-Control field
// value (RFC 9111 §5.2: directive = token [ "=" ( token / quoted-string ) ]).
// Names are lowercased; a quoted value is unquoted. It is lenient where
// being strict would lose a directive: spaces around "=" are allowed, an
// unterminated quoted string runs to the end of the line, and junk after a
// value is skipped up to the next comma.
func forEachDirective(s string, fn func(name, value string, hasValue bool)) {
	i := 0
	for i < len(s) {
		// Skip separators and optional whitespace between directives.
		if c := s[i]; c == ',' || c == ' ' || c == '\t' {
			i++
			continue
		}
		start := i
		for i < len(s) && s[i] != '=' && s[i] != ',' {
			i++
		}
		name := strings.ToLower(strings.TrimSpace(s[start:i]))
		if i >= len(s) || s[i] == ',' {
			if name != "" {
				fn(name, "", false)
			}
			continue
		}
		i++ // the '='
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		var value string
		if i < len(s) && s[i] == '"' {
			value, i = unquote(s, i)
			// Skip whatever follows the closing quote up to the next comma.
			for i < len(s) && s[i] != ',' {
				i++
			}
		} else {
			start := i
			for i < len(s) && s[i] != ',' {
				i++
			}
			value = strings.TrimSpace(s[start:i])
		}
		if name != "" {
			fn(name, value, true)
		}
	}
}

// unquote reads the quoted-string that starts at s[i] == '"' and returns its
// unescaped content and the index just after the closing quote (len(s) when
// the string is not terminated).
func unquote(s string, i int) (string, int) {
	var b strings.Builder
	for i++; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), i + 1
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), len(s)
}

// parseDeltaSeconds reads delta-seconds (RFC 9111 §1.2.2: 1*DIGIT),
// clamping values above 2^31 to 2^31. ok is false for anything else.
func parseDeltaSeconds(s string) (secs int64, ok bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if secs < maxDelta {
			secs = secs*10 + int64(c-'0')
		}
	}
	if secs > maxDelta {
		secs = maxDelta
	}
	return secs, true
}
