package redact

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// A Kind names what a finding looks like.
type Kind string

// The kinds of credential the scanner recognises.
const (
	KindPrivateKey   Kind = "private key"
	KindJWT          Kind = "JWT"
	KindAWSAccessKey Kind = "AWS access key id"
	KindGitHubToken  Kind = "GitHub token"
	KindSlackToken   Kind = "Slack token"
	KindStripeKey    Kind = "Stripe key"
	KindGoogleAPIKey Kind = "Google API key"
	KindBearer       Kind = "bearer token"
	KindBasic        Kind = "basic credentials"
	KindPassword     Kind = "password"
	// KindHighEntropy is a long random-looking value under a name such as
	// token, secret, password or api_key.
	KindHighEntropy Kind = "high-entropy value"
	// KindNotInspected is a body the scanner could not read (an unknown
	// Content-Encoding, corrupt compressed data), so it cannot say the body
	// holds no secret.
	KindNotInspected Kind = "body not inspected"
)

// recorderOption is the recorder option that takes redact options; findings
// print their fixes as arguments to it.
const recorderOption = "recorder.WithRedaction"

// A Finding is something in a cassette that still looks like a credential.
// Its Error method reads as the message that stops a save (interactions are
// numbered from 1 there, as in the recorder's other messages):
//
//	interaction #3 (line 41): response.body $.token: GitHub token "ghp_…": add recorder.WithRedaction(redact.JSONField("$.token")) or allow it with recorder.WithRedaction(redact.AllowField("response.body $.token"))
type Finding struct {
	// Interaction is the index of the interaction in the cassette (0 is the
	// first), Line the line of the file where it starts (0 when unknown).
	Interaction int
	Line        int
	// Field says where the value is: "request.url", "request.url query
	// access_token", "request.url userinfo", "request.header Authorization",
	// "response.header Set-Cookie", "response.trailer X-Token",
	// "request.body", "request.body form password", "response.body $.token".
	Field string
	Kind  Kind
	// Excerpt is what may be printed of the value: its first 4 characters
	// and "…" (never the whole secret). For KindNotInspected it says why the
	// body could not be read.
	Excerpt string
	// Fix is the Go code of the redact option that would redact the value,
	// e.g. `redact.JSONField("$.token")`; empty when there is none.
	Fix string
}

// Error describes the finding, where it is, and the two ways out: the
// filter that redacts it, or the option that accepts it.
func (f Finding) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "interaction #%d", f.Interaction+1)
	if f.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", f.Line)
	}
	b.WriteString(": ")
	b.WriteString(f.Problem())
	return b.String()
}

// Problem is Error without the interaction: the field, what its value looks
// like, and the two ways out. Callers that name the interaction their own
// way (with its request) print it after their own label.
func (f Finding) Problem() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", f.Field)
	if f.Kind == KindNotInspected {
		fmt.Fprintf(&b, "%s (%s)", f.Kind, f.Excerpt)
	} else {
		fmt.Fprintf(&b, "%s %q", f.Kind, f.Excerpt)
	}
	b.WriteString(": ")
	if f.Fix != "" {
		fmt.Fprintf(&b, "add %s(%s) or ", recorderOption, f.Fix)
	}
	fmt.Fprintf(&b, "allow it with %s(redact.AllowField(%q))", recorderOption, f.Field)
	return b.String()
}

// Scan returns what still looks like a credential in c, interaction by
// interaction: recognisable tokens anywhere (URL, headers, bodies), bearer
// and basic credentials, passwords and high-entropy values under
// secret-looking names. The redactor's placeholders are never findings;
// values and fields accepted with Allow and AllowField are not reported, nor
// generic findings in fields that Keep names. Compressed bodies are scanned
// decoded; a body that cannot be decoded is a KindNotInspected finding.
//
// Scan only reads c. It is what the recorder runs before a save, and what a
// command-line check of committed cassettes runs with Default().Scan.
func (r *Redactor) Scan(c *cassette.Cassette) []Finding {
	if c == nil {
		return nil
	}
	var out []Finding
	for i, in := range c.Interactions {
		if in != nil {
			out = append(out, r.ScanInteraction(i, in)...)
		}
	}
	return out
}

// ScanInteraction is Scan for one interaction; index is its position in the
// cassette, used in the findings.
func (r *Redactor) ScanInteraction(index int, in *cassette.Interaction) []Finding {
	if in == nil {
		return nil
	}
	s := &scanner{r: r, index: index, line: in.Line}
	s.url(in.Request.URL)
	s.headers("request.header", in.Request.Headers)
	s.body("request.body", in.Request.Headers, in.Request.Body)
	s.headers("response.header", in.Response.Headers)
	s.headers("response.trailer", in.Response.Trailers)
	s.body("response.body", in.Response.Headers, in.Response.Body)
	return s.findings
}

// scanner collects the findings of one interaction.
type scanner struct {
	r           *Redactor
	index, line int
	findings    []Finding
	seen        map[string]bool
	// keys are the keys of seen in the order of findings, so that the
	// findings of a body that turns out not to be JSON can be taken back.
	keys []string
	b64  base64Scratch
}

// A site is where a value was found.
//
// The Finding.Field and fix of a site are written from its parts only when
// there is something to report: most values are not.
type site struct {
	field string // Finding.Field, or its prefix ("response.body") when path or sub is set
	key   string // the name the value is under, for the secret-looking test
	keep  string // the name Keep would be given for this site
	fix   string // Go code of the option that redacts the site, unless path or option is set
	// path is the path of a JSON value.
	path []jsonpath.Segment
	// sub, when hasSub, follows field after a space in Finding.Field
	// ("request.header" and "Authorization").
	sub    string
	hasSub bool
	// option and optionArg, when option is set, are the fix:
	// redact.<option>("<optionArg>").
	option, optionArg string
	// class, when known, says what passwordKey and secretLookingKey say of
	// key: headers know it from their name, which they read anyway.
	class keyClass
}

// A keyClass is what the scanner's name checks say of a name.
type keyClass uint8

const (
	keyKnown keyClass = 1 << iota // the other bits are set
	keyPassword
	keySecret
)

// classifyKey returns the class of a name, given normalized (see
// normalize): the tests of passwordKey and secretLookingKey.
func classifyKey(n []byte) keyClass {
	c := keyKnown
	if string(n) == "pwd" || passwordSuffixes.endOf(n) {
		c |= keyPassword
	}
	if !ordinaryKeyWords.in(n) && !ordinaryKeySuffixes.endOf(n) && (secretKeyNames[string(n)] || secretKeyWords.in(n)) {
		c |= keySecret
	}
	return c
}

// passwordKey is passwordKey(st.key).
func (st site) passwordKey() bool {
	if st.class&keyKnown != 0 {
		return st.class&keyPassword != 0
	}
	return passwordKey(st.key)
}

// secretLookingKey is secretLookingKey(st.key).
func (st site) secretLookingKey() bool {
	if st.class&keyKnown != 0 {
		return st.class&keySecret != 0
	}
	return secretLookingKey(st.key)
}

// name returns the site's Finding.Field.
func (st site) name() string {
	switch {
	case len(st.path) > 0:
		return st.field + " " + jsonpath.Format(st.path, false)
	case st.hasSub:
		return st.field + " " + st.sub
	}
	return st.field
}

// fixCode returns the Go code of the option that redacts the site.
func (st site) fixCode() string {
	switch {
	case len(st.path) > 0:
		return "redact.JSONField(" + strconv.Quote(jsonpath.Format(st.path, true)) + ")"
	case st.option != "":
		return "redact." + st.option + "(" + strconv.Quote(st.optionArg) + ")"
	}
	return st.fix
}

// report adds a finding unless it is allowed or already reported.
func (s *scanner) report(st site, kind Kind, match, whole, excerpt, fix string) {
	field := st.name()
	if s.r.allowFields[field] || s.r.allowValues[match] || s.r.allowValues[whole] {
		return
	}
	key := field + "\x00" + match
	if s.seen[key] {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.seen[key] = true
	s.keys = append(s.keys, key)
	s.findings = append(s.findings, Finding{
		Interaction: s.index, Line: s.line, Field: field, Kind: kind, Excerpt: excerpt, Fix: fix,
	})
}

// value checks one value that sits under a name (a header, a query
// parameter, a form field, a JSON member).
func (s *scanner) value(st site, v string) {
	if v == "" || s.r.isPlaceholder(v) {
		return
	}
	if len(v) >= min(hintTable().minValue, minBase64Run) { // findTokens and findEncoded find nothing in shorter values: most
		if found := append(findTokens(v, false), s.b64.findEncoded(v)...); len(found) > 0 {
			for _, d := range found {
				s.report(st, d.kind, d.match, v, d.excerpt, st.fixCode())
			}
			return
		}
	}
	if s.r.kept(st.keep) {
		return
	}
	if kind, cred, ok := credentials(v); ok {
		if !s.r.isPlaceholder(cred) {
			scheme, _, _ := strings.Cut(strings.TrimSpace(v), " ")
			s.report(st, kind, cred, v, scheme+" "+mask(cred), st.fixCode())
		}
		return
	}
	if s.r.containsPlaceholder(v) {
		return
	}
	switch {
	case st.passwordKey():
		s.report(st, KindPassword, v, v, mask(v), st.fixCode())
	case len(v) >= minEntropyLen && st.secretLookingKey() && highEntropy(v): // the length first: highEntropy needs it, and it is cheaper
		s.report(st, KindHighEntropy, v, v, mask(v), st.fixCode())
	}
}

// text checks free text (a URL path, a body that is neither JSON nor a form)
// for recognisable tokens.
func (s *scanner) text(field, v string) {
	for _, d := range findTokens(v, true) {
		fix := fmt.Sprintf("redact.Pattern(regexp.MustCompile(`%s`), %q)", d.rule.fix, d.rule.placeholder)
		s.report(site{field: field}, d.kind, d.match, "", d.excerpt, fix)
	}
	for _, d := range s.b64.findEncoded(v) {
		// No pattern finds the encoded form of every such token; redacting
		// this one run needs its value, which a finding does not print.
		s.report(site{field: field}, d.kind, d.match, "", d.excerpt, "")
	}
}

// url checks the user information, the query parameters and the rest of a
// request URL.
func (s *scanner) url(u string) {
	base, query, fragment := splitURL(u)
	text := base
	if i := strings.Index(base, "://"); i >= 0 {
		rest := base[i+3:]
		if end := strings.IndexAny(rest, "/"); end >= 0 {
			rest = rest[:end]
		}
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			if _, pass, ok := strings.Cut(rest[:at], ":"); ok && pass != "" && !s.r.isPlaceholder(pass) {
				st := site{field: "request.url userinfo"}
				s.report(st, KindPassword, pass, "", mask(pass), "redact.Pattern(regexp.MustCompile(`://[^:/@]+:([^@/]+)@`), \"REDACTED\")")
			}
			text = base[:i+3] + base[i+3+at+1:] // the user information is checked above
		}
	}
	s.text("request.url", text+fragment)
	s.pairs("request.url query", query, "QueryParam")
}

// pairs checks the values of a query or a form body.
func (s *scanner) pairs(prefix, raw, option string) {
	if raw == "" {
		return
	}
	for _, p := range strings.Split(raw, "&") {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name := unescape(k)
		s.value(site{field: prefix, sub: name, hasSub: true, key: name, keep: name, option: option, optionArg: name},
			unescape(v))
	}
}

// headers checks header or trailer values, in name order.
func (s *scanner) headers(prefix string, h http.Header) {
	var buf [16]string // most messages have fewer headers: no allocation
	names := buf[:0]
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		st := site{field: prefix, sub: name, hasSub: true, key: name, keep: name, option: "Header", optionArg: name}
		var nbuf [64]byte
		n := appendNormalized(nbuf[:0], name)
		if isCommonHeader(name) {
			st.class = keyKnown // TestCommonHeadersAreNotSecretLooking
		} else {
			st.class = classifyKey(n)
		}
		for _, v := range h[name] {
			switch string(n) {
			case "cookie":
				for _, c := range strings.Split(v, ";") {
					s.cookie(st, c)
				}
			case "setcookie":
				c, _, _ := strings.Cut(v, ";")
				s.cookie(st, c)
			default:
				s.value(st, v)
			}
		}
	}
}

// cookie checks the value of one name=value cookie pair: cookies hold
// sessions, so their values count as secret-looking whatever their name.
func (s *scanner) cookie(st site, pair string) {
	_, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
	if !ok {
		return
	}
	st.key, st.class = "cookie", 0
	s.value(st, v)
}

// body checks a body: JSON string values with their paths, form fields, or
// the text.
func (s *scanner) body(field string, h http.Header, wire []byte) {
	if len(wire) == 0 {
		return
	}
	plain, _, err := decodeBody(h, wire)
	if err != nil {
		s.report(site{field: field}, KindNotInspected, "", "", err.Error(), "")
		return
	}
	switch {
	case s.json(field, plain):
	case isXML(h, plain) && s.xml(field, plain):
	case s.multipart(field, h, plain):
	case isForm(h):
		s.pairs(field+" form", string(plain), "FormField")
	default:
		s.text(field, string(plain))
	}
}

// json checks every string value of a JSON document, and reports whether
// the body is JSON. When it is not, the findings of the values before the
// error are taken back (the body is checked as something else).
func (s *scanner) json(field string, doc []byte) bool {
	n := len(s.findings)
	_, err := walkJSON(doc, func(path []jsonpath.Segment, kind byte, raw string) bool {
		if kind != '"' {
			return false
		}
		if len(path) == 0 {
			s.text(field, decodeString(raw))
			return false
		}
		key := ""
		for i := len(path) - 1; i >= 0; i-- {
			if !path[i].IsIndex {
				key = path[i].Key
				break
			}
		}
		s.value(site{field: field, key: key, keep: key, path: path}, decodeString(raw))
		return false
	})
	if err != nil {
		for _, key := range s.keys[n:] {
			delete(s.seen, key)
		}
		s.findings, s.keys = s.findings[:n], s.keys[:n]
		if n == 0 {
			s.findings = nil // as when there was nothing to take back
		}
		return false
	}
	return true
}

// xml checks the text of every element and the value of every attribute of
// an XML document, and reports whether it parsed (when it did not, the
// body is checked as text).
func (s *scanner) xml(field string, doc []byte) bool {
	type found struct{ where, name, value string }
	var values []found
	_, err := walkXML(doc, func(path []string, name string, attr bool, value string) bool {
		where := strings.Join(append(path[:len(path):len(path)], name), "/")
		if attr {
			where = strings.Join(path, "/") + "@" + name
		}
		values = append(values, found{where, name, value})
		return false
	})
	if err != nil {
		return false
	}
	for _, v := range values {
		s.value(site{
			field: field + " xml " + v.where,
			key:   v.name,
			keep:  v.name,
			fix:   fmt.Sprintf("redact.XMLElement(%q)", v.name),
		}, v.value)
	}
	return true
}
