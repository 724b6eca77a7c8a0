package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"encoding/base64"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/jsonpath"
)

// refScanInteraction is ScanInteraction as it was before its prefilters
// (commit 9aab98d), with findTokensByRegexp and findEncodedByRegexp: the
// tests hold the two to the same findings.
func refScanInteraction(r *Redactor, index int, in *cassette.Interaction) []Finding {
	if in == nil {
		return nil
	}
	s := &refScanner{r: r, index: index, line: in.Line}
	s.url(in.Request.URL)
	s.headers("request.header", in.Request.Headers)
	s.body("request.body", in.Request.Headers, in.Request.Body)
	s.headers("response.header", in.Response.Headers)
	s.headers("response.trailer", in.Response.Trailers)
	s.body("response.body", in.Response.Headers, in.Response.Body)
	return s.findings
}

// refScanner collects the findings of one interaction.
type refScanner struct {
	r           *Redactor
	index, line int
	findings    []Finding
	seen        map[string]bool
}

// report adds a finding unless it is allowed or already reported.
func (s *refScanner) report(st site, kind Kind, match, whole, excerpt, fix string) {
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
	s.findings = append(s.findings, Finding{
		Interaction: s.index, Line: s.line, Field: field, Kind: kind, Excerpt: excerpt, Fix: fix,
	})
}

// value checks one value that sits under a name (a header, a query
// parameter, a form field, a JSON member).
func (s *refScanner) value(st site, v string) {
	if v == "" || s.r.isPlaceholder(v) {
		return
	}
	if found := append(findTokensByRegexp(v, false), findEncodedByRegexp(v)...); len(found) > 0 {
		for _, d := range found {
			s.report(st, d.kind, d.match, v, d.excerpt, st.fixCode())
		}
		return
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
	case passwordKey(st.key):
		s.report(st, KindPassword, v, v, mask(v), st.fixCode())
	case secretLookingKey(st.key) && highEntropy(v):
		s.report(st, KindHighEntropy, v, v, mask(v), st.fixCode())
	}
}

// text checks free text (a URL path, a body that is neither JSON nor a form)
// for recognisable tokens.
func (s *refScanner) text(field, v string) {
	for _, d := range findTokensByRegexp(v, true) {
		fix := fmt.Sprintf("redact.Pattern(regexp.MustCompile(`%s`), %q)", d.rule.fix, d.rule.placeholder)
		s.report(site{field: field}, d.kind, d.match, "", d.excerpt, fix)
	}
	for _, d := range findEncodedByRegexp(v) {
		// No pattern finds the encoded form of every such token; redacting
		// this one run needs its value, which a finding does not print.
		s.report(site{field: field}, d.kind, d.match, "", d.excerpt, "")
	}
}

// url checks the user information, the query parameters and the rest of a
// request URL.
func (s *refScanner) url(u string) {
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
func (s *refScanner) pairs(prefix, raw, option string) {
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
func (s *refScanner) headers(prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		st := site{field: prefix, sub: name, hasSub: true, key: name, keep: name, option: "Header", optionArg: name}
		for _, v := range h[name] {
			switch normalize(name) {
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
func (s *refScanner) cookie(st site, pair string) {
	_, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
	if !ok {
		return
	}
	st.key = "cookie"
	s.value(st, v)
}

// body checks a body: JSON string values with their paths, form fields, or
// the text.
func (s *refScanner) body(field string, h http.Header, wire []byte) {
	if len(wire) == 0 {
		return
	}
	plain, _, err := decodeBody(h, wire)
	if err != nil {
		s.report(site{field: field}, KindNotInspected, "", "", err.Error(), "")
		return
	}
	switch {
	case json.Valid(plain):
		s.json(field, plain)
	case isXML(h, plain) && s.xml(field, plain):
	case s.multipart(field, h, plain):
	case isForm(h):
		s.pairs(field+" form", string(plain), "FormField")
	default:
		s.text(field, string(plain))
	}
}

// json checks every string value of a JSON document.
func (s *refScanner) json(field string, doc []byte) {
	_, _ = walkJSON(doc, func(path []jsonpath.Segment, kind byte, raw string) bool {
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
}

// xml checks the text of every element and the value of every attribute of
// an XML document, and reports whether it parsed (when it did not, the
// body is checked as text).
func (s *refScanner) xml(field string, doc []byte) bool {
	var found []func()
	_, err := walkXML(doc, func(path []string, name string, attr bool, value string) bool {
		where := strings.Join(append(path[:len(path):len(path)], name), "/")
		if attr {
			where = strings.Join(path, "/") + "@" + name
		}
		found = append(found, func() {
			s.value(site{
				field: field + " xml " + where,
				key:   name,
				keep:  name,
				fix:   fmt.Sprintf("redact.XMLElement(%q)", name),
			}, value)
		})
		return false
	})
	if err != nil {
		return false
	}
	for _, f := range found {
		f()
	}
	return true
}

// multipart checks each part of a multipart body: a form field as a value
// under its name, a file as a body of its own. It reports whether the body
// parsed as multipart.
func (s *refScanner) multipart(field string, h http.Header, body []byte) bool {
	boundary := multipartBoundary(h)
	if boundary == "" {
		return false
	}
	rd := multipart.NewReader(bytes.NewReader(body), boundary)
	type part struct {
		name, file string
		header     http.Header
		content    []byte
	}
	var parts []part
	for {
		p, err := rd.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false
		}
		content, err := io.ReadAll(io.LimitReader(p, maxPart))
		if err != nil {
			return false
		}
		parts = append(parts, part{p.FormName(), p.FileName(), http.Header(p.Header), content})
	}
	for i, p := range parts {
		name := p.name
		if name == "" {
			name = "#" + strconv.Itoa(i+1)
		}
		prefix := field + " part " + name
		if p.file != "" || p.name == "" {
			s.body(prefix, p.header, p.content)
			continue
		}
		s.value(site{field: prefix, key: p.name, keep: p.name, fix: "redact.FormField(" + strconv.Quote(p.name) + ")"}, string(p.content))
	}
	return true
}

// scanRedactors are the redactors the scan is compared under: the default,
// and one whose Keep, Allow and AllowField options change what is reported.
func scanRedactors(t testing.TB) []*Redactor {
	return []*Redactor{
		Default(),
		mustNew(t, Keep("X-Kept", "kept", "Cookie"), Allow(githubToken, "Bearer abcdefghijklmnop"),
			AllowField("response.body $.allowed", "request.header X-Allowed"),
			Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT>")),
	}
}

// checkScanAsBefore scans an interaction built from the parts with
// ScanInteraction and with refScanInteraction, under each of scanRedactors,
// and fails when their findings differ.
func checkScanAsBefore(t *testing.T, rs []*Redactor, url, name, value, contentType string, body []byte) {
	t.Helper()
	in := &cassette.Interaction{
		Request: cassette.Request{Method: "POST", URL: url,
			Headers: http.Header{name: {value}, "Content-Type": {contentType}, "Cookie": {value}}, Body: body},
		Response: cassette.Response{Code: 200,
			Headers:  http.Header{"Content-Type": {contentType}, "Date": {"Wed, 02 Dec 2026 14:50:51 GMT"}, name: {value, value + " x"}, "Set-Cookie": {value}},
			Trailers: http.Header{name: {value}},
			Body:     body},
	}
	for i, r := range rs {
		got, want := r.ScanInteraction(3, in), refScanInteraction(r, 3, in)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("redactor %d: ScanInteraction differs from before (-before +now):\n%s\ninteraction: %#v", i, d, in)
		}
	}
}

func TestScanAsBefore(t *testing.T) {
	rs := scanRedactors(t)
	values := []string{"", "65", "application/json", "Bearer abcdefghijklmnop", "Basic dXNlcjpwYXNz", randomToken,
		githubToken, githubPAT, awsKeyID, slackToken, stripeKey, googleKey, jwt, privateKey,
		"postgres://app:s3cr3tpass@db.example.com/x", "a=" + randomToken + "; b=REDACTED", "REDACTED",
		base64.StdEncoding.EncodeToString([]byte(githubToken)), "acct-12 " + githubToken}
	names := []string{"X-Debug", "Authorization", "X-Kept", "X-Allowed", "Password", "X-Session-Token", "Content-Length"}
	for _, v := range values {
		jsonBody := `{"id":1,"password":"` + v + `","token":"` + v + `","allowed":"` + v + `","kept":"` + v +
			`","list":["` + v + `",{"x":"` + v + `"}],"n":null,"t":true,"f":-1.5e3}`
		bodies := []struct {
			contentType string
			body        string
		}{
			{"application/json", jsonBody},
			{"application/json", jsonBody[:len(jsonBody)-1]}, // not JSON: scanned as text
			{"application/json", `"` + v + `"`},
			{"application/x-www-form-urlencoded", "password=" + v + "&kept=" + v + "&a=b"},
			{"application/xml", "<a><Password>" + v + "</Password><b kept=\"" + v + "\"/></a>"},
			{"multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + v + "\r\n--XYZ--\r\n"},
			{"text/plain", "log: " + v + "\n"},
		}
		for _, name := range names {
			for _, b := range bodies {
				checkScanAsBefore(t, rs, "https://u:"+v+"@h/p/"+v+"?token="+v+"&page=2#"+v, name, v, b.contentType, []byte(b.body))
			}
		}
	}
}

// FuzzScanAsBefore checks that the scan reports what it reported before its
// prefilters, for any URL, header, content type and body.
func FuzzScanAsBefore(f *testing.F) {
	f.Add("https://u:p4ssw0rd@h/p?token="+randomToken, "X-Debug", githubToken, "application/json", []byte(`{"password":"hunter2","a":[{"token":"`+randomToken+`"}]}`))
	f.Add("http://127.0.0.1:43473/repos/1", "Authorization", "Bearer abcdefghijklmnop", "application/json", []byte(`{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`))
	f.Add("https://h/", "Set-Cookie", "id="+randomToken+"; Path=/", "application/x-www-form-urlencoded", []byte("password=x&api_key="+randomToken))
	f.Add("https://h/", "X-Kept", jwt, "text/plain", []byte("Bearer "+randomToken+" "+awsKeyID))
	f.Add("https://h/", "X-Token", "REDACTED", "application/json", []byte(`[1,"\u0041\"",{"k":[true,false,null,0.5e-3]}]`))
	f.Add("https://h/", "Cookie", "a=1; b="+randomToken, "application/json", []byte(`{"a":01}`))
	rs := scanRedactors(f)
	f.Fuzz(func(t *testing.T, url, name, value, contentType string, body []byte) {
		checkScanAsBefore(t, rs, url, name, value, contentType, body)
	})
}
