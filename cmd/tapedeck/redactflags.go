package main

import (
	"flag"
	"fmt"
	"regexp"
	"strings"

	"github.com/tapedeck/recorder/internal/shell"
	"github.com/tapedeck/recorder/redact"
)

// redactFlags are the redaction filters and scanner allowances of import
// and serve --record, on top of tapedeck's default redaction (the
// Authorization, Cookie and API-key headers, Set-Cookie, and token-like
// query parameters and JSON fields).
type redactFlags struct {
	headers, queries, forms, jsonPaths, patterns stringList
	allowFields, allowValues                     stringList
}

func (f *redactFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.headers, "redact-header", "also redact this request or response header (`name`); repeatable")
	fs.Var(&f.queries, "redact-query", "also redact this URL query parameter (`name`); repeatable")
	fs.Var(&f.forms, "redact-form", "also redact this form field (`name`) of urlencoded bodies; repeatable")
	fs.Var(&f.jsonPaths, "redact-json", "also redact what this JSON `path` selects in JSON bodies, e.g. '$.token' or '$..password'; repeatable")
	fs.Var(&f.patterns, "redact-pattern", "also replace what this `regexp` matches (its first group, if it has one) in URLs, headers and bodies with REDACTED; repeatable")
	fs.Var(&f.allowFields, "allow-field", "accept whatever the secret scanner finds in this `field`, e.g. 'response.body $.token'; repeatable")
	fs.Var(&f.allowValues, "allow-value", "accept this exact `value` wherever the secret scanner finds it; repeatable")
}

// redactor returns the redactor the flags describe.
func (f *redactFlags) redactor() (*redact.Redactor, error) {
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	return redact.New(opts...)
}

// options are the redact options the flags stand for.
func (f *redactFlags) options() ([]redact.Option, error) {
	var opts []redact.Option
	add := func(list stringList, opt func(...string) redact.Option) {
		if len(list) > 0 {
			opts = append(opts, opt(list...))
		}
	}
	add(f.headers, redact.Header)
	add(f.queries, redact.QueryParam)
	add(f.forms, redact.FormField)
	add(f.jsonPaths, redact.JSONField)
	add(f.allowFields, redact.AllowField)
	add(f.allowValues, redact.Allow)
	for _, p := range f.patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("--redact-pattern %q: %w", p, err)
		}
		opts = append(opts, redact.Pattern(re, redact.Placeholder))
	}
	return opts, nil
}

// flagFix returns the flag of import and serve that would redact what a
// finding reports, "" when there is none.
func flagFix(f redact.Finding) string {
	field := f.Field
	for _, prefix := range []string{"request.header ", "response.header ", "response.trailer "} {
		if name, ok := strings.CutPrefix(field, prefix); ok {
			return "--redact-header " + shell.Quote(name)
		}
	}
	if name, ok := strings.CutPrefix(field, "request.url query "); ok {
		return "--redact-query " + shell.Quote(name)
	}
	for _, body := range []string{"request.body ", "response.body "} {
		rest, ok := strings.CutPrefix(field, body)
		if !ok {
			continue
		}
		if name, ok := strings.CutPrefix(rest, "form "); ok {
			return "--redact-form " + shell.Quote(name)
		}
		if strings.HasPrefix(rest, "$") {
			return "--redact-json " + shell.Quote(rest)
		}
	}
	// Tokens in free text: the scanner's fix is a redact.Pattern with the
	// expression that finds them.
	const start, end = "regexp.MustCompile(`", "`)"
	if _, rest, ok := strings.Cut(f.Fix, start); ok {
		if re, _, ok := strings.Cut(rest, end); ok {
			return "--redact-pattern " + shell.Quote(re)
		}
	}
	return ""
}

// findingFix says how to get past a finding on a tapedeck command line.
func findingFix(f redact.Finding) string {
	allow := "--allow-field " + shell.Quote(f.Field)
	if fix := flagFix(f); fix != "" {
		return fmt.Sprintf("redact it with %s, or if it is not a secret, accept it with %s", fix, allow)
	}
	return fmt.Sprintf("remove it from the input, or if it is not a secret, accept it with %s", allow)
}
