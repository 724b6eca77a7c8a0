package expiry

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// A Policy decides when recorded interactions go stale and which requests
// are never recorded. The zero Policy keeps every interaction forever and
// ignores caching headers in responses, which is what test fixtures want.
//
// A Policy is a plain value: copy it freely. Call Validate once when you
// accept one from a user; Check and Store skip a rule whose pattern is not
// valid.
type Policy struct {
	// Default is the session default: the expiration of an interaction that
	// no higher level decides (see the package documentation). The zero
	// value is Never.
	Default Expiration

	// Rules give expirations per URL. The first rule whose pattern matches
	// decides; later rules are not looked at.
	Rules []Rule

	// HonorResponseHeaders lets the recorded response's Cache-Control,
	// Expires, Date and Age headers decide freshness, and its
	// "Cache-Control: no-store" forbid recording. Off by default, since
	// fixtures should not expire because a server said "max-age=60"; on in
	// the recorder's cache preset.
	HonorResponseHeaders bool

	// HTTPCache makes Check and Store follow RFC 9111 for a private HTTP
	// cache, as the recorder's AsHTTPCache preset does: the response's
	// headers always decide how long it is fresh (explicit max-age or
	// Expires, else a heuristic 10% of its Last-Modified age for the
	// statuses RFC 9110 lets a cache do that for, else stale at once);
	// an invalid max-age or Expires means stale; only storable responses
	// are stored (RFC 9111 §3: final, not no-store, with explicit
	// freshness or a heuristically cacheable status, not Vary: *); the
	// request's max-age, min-fresh, max-stale, no-cache and no-store
	// directives count; and Verdict.MustRevalidate says when a stale
	// response must not be served even if the server cannot be reached.
	// The configured levels (rules, context, default) only decide
	// DoNotRecord. It implies HonorResponseHeaders.
	HTTPCache bool
}

// A Rule gives one expiration to the URLs its pattern matches.
//
// Pattern is a glob (github.com/bmatcuk/doublestar/v4 syntax) matched
// against the URL without its scheme and fragment: host[:port]/path, and
// separately host[:port]/path?query when the URL has a query. The rule
// matches when either form does, so "api.example.com/users/*" matches
// https://api.example.com/users/1?page=2, and a pattern can still look at
// the query: `api.example.com/search\?q=*` (a backslash makes "?" literal;
// alone it matches any one character).
//
// Before matching, the host is lowercased and a default port (80 for http,
// 443 for https) is dropped; any other port stays, so write
// "127.0.0.1:*/**" for every path of an httptest server (and escape the
// brackets of an IPv6 host: `\[::1\]:*/**`). The path is
// matched as sent (percent-escapes kept). In globs "*" does not cross "/":
// "*/static/*" matches example.com/static/app.js but not
// example.com/v1/static/app.js; "**" crosses it ("**/static/**").
type Rule struct {
	Pattern string
	Expire  Expiration
}

// ErrBadPattern is wrapped by the error Validate returns for a pattern that
// cannot be used.
var ErrBadPattern = errors.New("bad URL pattern")

// Validate reports every rule whose pattern cannot be used, naming the rule
// by its position and pattern: an empty pattern, a pattern that is not a
// valid glob, or one that starts with a scheme ("https://...") and so could
// never match. The error wraps ErrBadPattern.
func (p Policy) Validate() error {
	var errs []error
	for i, r := range p.Rules {
		if err := validatePattern(r.Pattern); err != nil {
			errs = append(errs, fmt.Errorf("expiry rule %d %q: %w", i, r.Pattern, err))
		}
	}
	return errors.Join(errs...)
}

func validatePattern(pattern string) error {
	switch {
	case pattern == "":
		return fmt.Errorf("%w: the pattern is empty; use \"**\" to match every URL", ErrBadPattern)
	case strings.Contains(pattern, "://"):
		_, rest, _ := strings.Cut(pattern, "://")
		return fmt.Errorf("%w: patterns match the URL without its scheme; write %q", ErrBadPattern, rest)
	case !doublestar.ValidatePattern(pattern):
		return fmt.Errorf("%w: not a valid glob (check unclosed [ or { and a trailing \\)", ErrBadPattern)
	}
	return nil
}

// rule returns the first rule matching u, if any. A nil u matches none.
func (p Policy) rule(u *url.URL) (Rule, bool) {
	if u == nil || len(p.Rules) == 0 {
		return Rule{}, false
	}
	path, full := matchForms(u)
	return p.firstRule(path, full)
}

// ruleRaw is rule for a URL as recorded in a cassette. A URL that does not
// parse matches no rule.
func (p Policy) ruleRaw(raw string) (Rule, bool) {
	if len(p.Rules) == 0 {
		return Rule{}, false
	}
	path, full, ok := rawForms(raw)
	if !ok {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil {
			return Rule{}, false
		}
		path, full = matchForms(u)
	}
	return p.firstRule(path, full)
}

// vetoes reports whether a rule or the default is DoNotRecord, that is,
// whether which rule matches can decide that a request is not stored.
func (p Policy) vetoes() bool {
	if p.Default == DoNotRecord {
		return true
	}
	for _, r := range p.Rules {
		if r.Expire == DoNotRecord {
			return true
		}
	}
	return false
}

func (p Policy) firstRule(path, full string) (Rule, bool) {
	for _, r := range p.Rules {
		if matchPattern(r.Pattern, path) || (full != "" && matchPattern(r.Pattern, full)) {
			return r, true
		}
	}
	return Rule{}, false
}

// matchPattern matches one form of a URL. An invalid pattern matches
// nothing (Validate reports it).
func matchPattern(pattern, name string) bool {
	ok, err := doublestar.Match(pattern, name)
	return err == nil && ok
}

// matchForms returns the forms a rule pattern is matched against:
// host[:port]/path, and host[:port]/path?query when there is a query
// (empty otherwise).
func matchForms(u *url.URL) (path, full string) {
	host := strings.ToLower(u.Host)
	if port := u.Port(); (port == "80" && u.Scheme == "http") || (port == "443" && u.Scheme == "https") {
		host = strings.TrimSuffix(host, ":"+port)
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	} else if !strings.HasPrefix(p, "/") {
		// An opaque or relative URL such as "mailto:x" or "users/1".
		p = "/" + p
	}
	path = host + p
	if u.RawQuery != "" {
		full = path + "?" + u.RawQuery
	}
	return path, full
}

// rawForms is matchForms for the common shape of a recorded URL, read
// straight from the string without parsing or allocating: an http or https
// URL with a lower-case host, no user info, no default port, a non-empty
// path of characters that need no escaping, a printable query and no
// fragment. For any other URL it reports false, and the caller parses it
// (TestRawFormsAgreesWithParse holds the two to the same answers).
func rawForms(raw string) (path, full string, ok bool) {
	var rest string
	switch {
	case strings.HasPrefix(raw, "https://"):
		rest = raw[len("https://"):]
	case strings.HasPrefix(raw, "http://"):
		rest = raw[len("http://"):]
	default:
		return "", "", false
	}
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 || strings.IndexByte(rest, '#') >= 0 {
		return "", "", false
	}
	host := rest[:slash]
	colon := -1
	for i := 0; i < len(host); i++ {
		switch c := host[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '.', c == '-':
		case c == ':' && colon < 0:
			colon = i
		default:
			return "", "", false
		}
	}
	if colon >= 0 {
		port := host[colon+1:]
		if port == "" || port == "80" || port == "443" || strings.Trim(port, "0123456789") != "" {
			return "", "", false
		}
	}
	end := strings.IndexByte(rest, '?')
	if end < 0 {
		end = len(rest)
	}
	for i := slash; i < end; i++ {
		if !pathByte(rest[i]) {
			return "", "", false
		}
	}
	if end == len(rest) {
		return rest, "", true
	}
	if end == len(rest)-1 {
		return rest[:end], "", true // an empty query, as url.URL.RawQuery is
	}
	for i := end + 1; i < len(rest); i++ {
		if c := rest[i]; c <= ' ' || c >= 0x7f {
			return "", "", false
		}
	}
	return rest[:end], rest, true
}

// pathByte reports whether c stands for itself in an escaped URL path.
func pathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0
}
