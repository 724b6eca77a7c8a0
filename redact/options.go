package redact

import (
	"errors"
	"github.com/tapedeck/recorder/internal/jsonpath"

	"fmt"
	"regexp"
	"strings"
)

// Header redacts the values of the named request and response headers (and
// trailers), in addition to the default ones. Names are case-insensitive.
// The header stays, with the value Placeholder; for Authorization-style
// headers the scheme stays too ("Bearer REDACTED").
func Header(names ...string) Option {
	return func(r *Redactor) error {
		for _, n := range names {
			if n == "" {
				return fmt.Errorf("redact: Header(%q): the header name is empty", n)
			}
			addTo(&r.headers, strings.ToLower(n))
		}
		return nil
	}
}

// QueryParam redacts the values of the named URL query parameters, in
// addition to the default ones. Names are case-insensitive; the parameter
// stays in place with the value Placeholder, and the rest of the URL keeps its
// bytes and order.
func QueryParam(names ...string) Option {
	return func(r *Redactor) error {
		for _, n := range names {
			if n == "" {
				return fmt.Errorf("redact: QueryParam(%q): the parameter name is empty", n)
			}
			addTo(&r.params, strings.ToLower(n))
		}
		return nil
	}
}

// FormField redacts the named fields of application/x-www-form-urlencoded
// bodies (requests and responses, as the Content-Type header says), in
// addition to the default ones. Names are case-insensitive.
func FormField(names ...string) Option {
	return func(r *Redactor) error {
		for _, n := range names {
			if n == "" {
				return fmt.Errorf("redact: FormField(%q): the field name is empty", n)
			}
			addTo(&r.form, strings.ToLower(n))
		}
		return nil
	}
}

// XMLElement redacts the text of the named XML elements and the values of
// the named XML attributes, in request and response bodies that are XML (an
// xml or +xml Content-Type, or a body that starts with <?xml), in addition
// to the default names, which XML elements and attributes share with JSON
// members (SecretAccessKey, SessionToken, Password, ClientSecret...). Names
// are local names (without a namespace prefix), case-insensitive. The text
// becomes Placeholder, valid XML text; every other byte stays.
func XMLElement(names ...string) Option {
	return func(r *Redactor) error {
		for _, n := range names {
			if n == "" || strings.ContainsAny(n, "<>/ ") {
				return fmt.Errorf("redact: XMLElement(%q): write the element's local name, e.g. \"SessionToken\"", n)
			}
			addTo(&r.xml, strings.ToLower(n))
		}
		return nil
	}
}

// JSONField redacts the values that a JSONPath selects in request and
// response bodies that are JSON (bodies that parse as JSON, whatever their
// Content-Type says). The supported forms are
//
//	$.access_token        a member of the top-level object
//	$.user.password       a nested member
//	$..password           a member named password at any depth
//	$.items[*].token      token in every element of the items array
//	$.items[0].token      token in the first element only
//	$.*.secret, $['a b']  any member; a member whose name needs quoting
//
// The selected value (string, number, boolean, object or array; null stays
// null) becomes the JSON string "REDACTED". Only the bytes of that value
// change: keys keep their order and the document its formatting.
func JSONField(paths ...string) Option {
	return func(r *Redactor) error {
		for _, p := range paths {
			jp, err := jsonpath.Parse(p)
			if err == nil && jp.Root() {
				err = errors.New("the path selects the whole body; use Pattern to redact a whole body")
			}
			if err != nil {
				return fmt.Errorf("redact: JSONField(%q): %w; write paths like $.token, $.user.password, $..password or $.items[*].token", p, err)
			}
			r.paths = append(r.paths, jp)
		}
		return nil
	}
}

// Pattern replaces every match of re in request and response bodies, header
// values and the request URL with placeholder, the way Ruby VCR's
// filter_sensitive_data does. When re has a capturing group, only the text of
// the first group is replaced, so the context that finds the secret stays:
//
//	redact.Pattern(regexp.MustCompile(`/accounts/(\d+)`), "<ACCOUNT_ID>")
//
// turns /accounts/1234/users into /accounts/<ACCOUNT_ID>/users. Bodies are
// matched in their decoded form (Content-Encoding gzip, deflate and br are
// undone and redone). A placeholder is not put back on replay unless a Secret
// with the same placeholder says what to put back.
//
// New fails when re matches the empty string or its own placeholder, since
// redacting twice would then give a different result than redacting once.
func Pattern(re *regexp.Regexp, placeholder string) Option {
	return func(r *Redactor) error {
		switch {
		case re == nil:
			return fmt.Errorf("redact: Pattern(nil, %q): the regular expression is nil", placeholder)
		case placeholder == "":
			return fmt.Errorf("redact: Pattern(%q, \"\"): the placeholder is empty; name what was there, e.g. \"<ACCOUNT_ID>\"", re)
		case re.MatchString(""):
			return fmt.Errorf("redact: Pattern(%q, %q): the expression matches the empty string and would insert the placeholder everywhere", re, placeholder)
		case re.MatchString(placeholder) || re.MatchString(xmlText(placeholder)):
			return fmt.Errorf("redact: Pattern(%q, %q): the expression matches its own placeholder, so redacting twice would not give the same result; choose a placeholder it does not match", re, placeholder)
		}
		if err := checkPlaceholder(placeholder); err != nil {
			return fmt.Errorf("redact: Pattern(%q, %q): %w", re, placeholder, err)
		}
		r.patterns = append(r.patterns, pattern{re: re, placeholder: placeholder})
		return nil
	}
}

// Secret replaces every occurrence of the value that value returns (also in
// its URL-escaped forms) with placeholder in bodies, header values and the
// URL, and Restore puts the value back into replayed responses. It is Ruby
// VCR's filter_sensitive_data:
//
//	redact.Secret("<API_KEY>", func() string { return os.Getenv("API_KEY") })
//
// value is called each time a request or response is redacted or restored,
// so it may return a value that only exists once the test has started; it
// must be safe for concurrent use. An empty value, or one that occurs inside
// a placeholder, is ignored. In replay the function must return the value the
// test sends (any fake one will do), so that the live request redacts to what
// was recorded.
//
// Give a Pattern and a Secret the same placeholder to redact every match of
// the pattern and restore the Secret's value on replay.
func Secret(placeholder string, value func() string) Option {
	return func(r *Redactor) error {
		switch {
		case placeholder == "":
			return fmt.Errorf("redact: Secret(\"\", ...): the placeholder is empty; name the value, e.g. \"<API_KEY>\"")
		case value == nil:
			return fmt.Errorf("redact: Secret(%q, nil): the value function is nil", placeholder)
		}
		if err := checkPlaceholder(placeholder); err != nil {
			return fmt.Errorf("redact: Secret(%q, ...): %w", placeholder, err)
		}
		r.secrets = append(r.secrets, secret{placeholder: placeholder, value: value})
		return nil
	}
}

// Keep turns the default rules off for the named headers, query parameters,
// form fields and JSON members (case-insensitive): Keep("Authorization")
// records the Authorization header as it was sent. Filters added with
// Header, QueryParam, FormField and JSONField still apply.
//
// Keep risks committing a live credential: the value is written to the
// cassette and from there to version control, where it stays in the history
// even after the file changes. Use it only for values that are not secret
// (a fake token a local test server accepts) or when a test must match on the
// value. The scanner still reports recognisable credentials (JWTs, GitHub,
// AWS, Slack, Stripe and Google keys, private keys) in kept fields; it only
// stops reporting generic bearer/basic values, passwords and high-entropy
// strings there.
func Keep(names ...string) Option {
	return func(r *Redactor) error {
		for _, n := range names {
			addTo(&r.keep, strings.ToLower(n))
		}
		return nil
	}
}

// Allow tells the scanner that these exact values are not secrets (a public
// test key, a fixed fake token): a finding whose value, or whose whole field
// value, equals one of them is not reported. Allow does not change what is
// redacted.
func Allow(values ...string) Option {
	return func(r *Redactor) error {
		for _, v := range values {
			if v == "" {
				return fmt.Errorf("redact: Allow(\"\"): the value is empty")
			}
			addTo(&r.allowValues, v)
		}
		return nil
	}
}

// AllowField tells the scanner not to report anything in these fields, written
// as a Finding's Field prints them: "response.body $.token",
// "request.header X-Trace", "request.url query sig", "response.body". The
// field is accepted in every interaction. AllowField does not change what is
// redacted.
func AllowField(fields ...string) Option {
	return func(r *Redactor) error {
		for _, f := range fields {
			if f == "" {
				return fmt.Errorf("redact: AllowField(\"\"): the field is empty; copy it from the finding, e.g. \"response.body $.token\"")
			}
			addTo(&r.allowFields, f)
		}
		return nil
	}
}

// checkPlaceholder rejects placeholders that would break the syntax they
// land in: a quote, a backslash or a control character ends or corrupts a
// JSON string. Angle brackets and ampersands are escaped in XML bodies, so
// "<API_KEY>" is fine.
func checkPlaceholder(p string) error {
	for _, c := range p {
		if c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
			return fmt.Errorf("the placeholder holds %q, which is not valid inside a JSON string; use letters, digits, _ - . < > and the like, e.g. \"<API_KEY>\"", c)
		}
	}
	return nil
}

// addTo adds name to the set *m, making the set on its first name: most
// redactors have no filters of a kind, and their sets stay nil.
func addTo(m *map[string]bool, name string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[name] = true
}
