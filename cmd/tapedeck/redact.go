package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/shell"
	"github.com/tapedeck/recorder/redact"
)

var redactCommand = &Command{
	UsageLine: "tapedeck redact [--redact-header NAME] [--redact-query NAME] [--redact-form NAME] [--redact-json PATH] [--redact-pattern REGEXP] [--dry-run] PATH...",
	Short:     "redact secrets in cassettes already recorded, in place, keeping them matchable",
	Long: `
redact applies redaction rules to cassettes that exist (committed with a
secret in them, say), rewriting each one in place, atomically: the default
redaction (Authorization, Cookie and API-key headers, Set-Cookie, token-like
query parameters and JSON fields) plus the --redact flags.

The rules are written into the cassette (under "redact:"), and the recorder,
tapedeck explain and tapedeck import read them back: replay redacts each
live request the same way before matching it, so a request that sends the
real value still matches the recording that holds REDACTED. That is also
what tapedeck import does with its --redact flags.

Then the secret scanner runs, as before any save. What it still finds is
printed with the flag that redacts it, and the exit status is 1 (the file
is written anyway, with what was redacted: fewer secrets are better than
more). --dry-run prints what would change and writes nothing.

A body kept in a body file beside the cassette (x.bodies/ next to x.yaml)
is left as it is, and its interaction still names it: redact does not
rewrite body files, and says how many it left. The scanner reads them,
and what it finds there has to be redacted where the cassette is
recorded, and the cassette recorded again.

A secret that was ever committed stays in the repository's history:
revoke it as well.

Example:

	$ tapedeck redact --redact-query api_key --redact-json '$.session' fixtures
	fixtures/weather.yaml: redacted #1 GET https://api.example.com/forecast?api_key=REDACTED (url, response body)
	fixtures/weather.yaml: wrote 3 interactions, 1 redacted; rules: query api_key, json $.session
`,
	Run: runRedact,
}

// The flags of redact.
var (
	redactRedaction redactFlags
	redactDryRun    bool
)

func init() {
	redactRedaction.register(&redactCommand.Flag)
	redactCommand.Flag.BoolVar(&redactDryRun, "dry-run", false, "print what would change; write nothing")
}

func runRedact(e *env, args []string) int {
	if len(args) == 0 {
		return usageError(e, "name the cassette(s) or directories to redact")
	}
	if _, err := redactRedaction.redactor(); err != nil {
		return usageError(e, "%v", err)
	}
	files, err := findCassettes(args)
	status := exitOK
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck redact: %v\n", err)
		status = exitProblems
	}
	for _, f := range files {
		if err := redactFile(e, f.path); err != nil {
			fmt.Fprintf(e.stderr, "tapedeck redact: %v\n", err)
			status = exitProblems
		}
	}
	return status
}

func redactFile(e *env, path string) error {
	c, err := load(path)
	if err != nil {
		return err
	}
	c.Redact = mergeRules(c.Redact, redactRedaction.rules())
	opts, err := recorder.RedactionOptions(c.Redact)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	r, err := redact.New(append(opts, redactRedaction.allowances()...)...)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	changed := 0
	files := map[string]bool{}
	for i, orig := range c.Interactions {
		if orig.Response.BodyFile != "" {
			files[orig.Response.BodyFile] = true
		}
		clean := r.Interaction(orig)
		clean.Line = orig.Line
		if parts := redactedParts(orig, clean); len(parts) > 0 {
			changed++
			verb := "redacted"
			if redactDryRun {
				verb = "would redact"
			}
			fmt.Fprintf(e.stdout, "%s: %s %s (%s)\n", where(path, orig.Line), verb, label(i, clean), strings.Join(parts, ", "))
		}
		c.Interactions[i] = clean
	}
	var findings []redact.Finding
	var damaged []error
	for i, in := range c.Interactions {
		fs, err := scanInteraction(r, path, i, in)
		findings = append(findings, fs...)
		if err != nil {
			damaged = append(damaged, fmt.Errorf("%s: interaction %s: %w", where(path, in.Line), label(i, in), pathless{err, path}))
		}
	}
	for _, f := range findings {
		in := c.Interactions[f.Interaction]
		fix := findingFix(f)
		if in.Response.BodyFile != "" && strings.HasPrefix(f.Field, "response.body") {
			fix = bodyFileFix(f, cassette.BodyPath(path, &in.Response))
		}
		fmt.Fprintf(e.stdout, "%s: interaction %s: %s: %s\n", where(path, in.Line), label(f.Interaction, in), secretWhat(f), fix)
	}
	if len(files) > 0 {
		fmt.Fprintf(e.stdout, "%s: left %s untouched: redact does not rewrite body files\n", path, plural(len(files), "body file"))
	}
	if !redactDryRun {
		gone, err := saveNoting(path, c)
		for _, p := range gone {
			fmt.Fprintf(e.stdout, "%s: removed body file %s: no interaction names it\n", path, p)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: wrote %s, %d redacted; rules: %s\n", path, plural(len(c.Interactions), "interaction"), changed, describeRules(c.Redact))
	}
	if len(findings) > 0 {
		damaged = append(damaged, fmt.Errorf("%s: the secret scanner still finds %s (see above)", path, plural(len(findings), "value")))
	}
	return errors.Join(damaged...)
}

// bodyFileFix says how to get rid of a finding in a body file, which
// redact does not rewrite.
func bodyFileFix(f redact.Finding, file string) string {
	allow := "--allow-field " + shell.Quote(f.Field)
	how := "redact it where the cassette is recorded"
	if f.Fix != "" {
		how += ", with recorder.WithRedaction(" + f.Fix + ")"
	}
	return fmt.Sprintf("it is in the body file %s, which redact does not rewrite: %s, and record the cassette again "+
		"(revoke the credential if it was ever committed); or if it is not a secret, accept it with %s", file, how, allow)
}

// rules are the redaction flags as rules a cassette keeps (the scanner's
// allowances are not rules: they redact nothing).
func (f *redactFlags) rules() *cassette.Redaction {
	return &cassette.Redaction{Headers: f.headers, Query: f.queries, Form: f.forms, JSON: f.jsonPaths, Patterns: f.patterns}
}

// allowances are the scanner allowances of the flags.
func (f *redactFlags) allowances() []redact.Option {
	var opts []redact.Option
	if len(f.allowFields) > 0 {
		opts = append(opts, redact.AllowField(f.allowFields...))
	}
	if len(f.allowValues) > 0 {
		opts = append(opts, redact.Allow(f.allowValues...))
	}
	return opts
}

// mergeRules adds the rules of b to a, each once; nil when there are none.
func mergeRules(a, b *cassette.Redaction) *cassette.Redaction {
	out := &cassette.Redaction{}
	for _, r := range []*cassette.Redaction{a, b} {
		if r == nil {
			continue
		}
		out.Headers = appendNew(out.Headers, r.Headers)
		out.Query = appendNew(out.Query, r.Query)
		out.Form = appendNew(out.Form, r.Form)
		out.JSON = appendNew(out.JSON, r.JSON)
		out.Patterns = appendNew(out.Patterns, r.Patterns)
	}
	if out.IsZero() {
		return nil
	}
	return out
}

func appendNew(list, add []string) []string {
	for _, v := range add {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// describeRules lists rules for a person: "query api_key, json $.session".
func describeRules(r *cassette.Redaction) string {
	if r.IsZero() {
		return "the default redaction only"
	}
	var parts []string
	for _, g := range []struct {
		name string
		list []string
	}{{"header", r.Headers}, {"query", r.Query}, {"form", r.Form}, {"json", r.JSON}, {"pattern", r.Patterns}} {
		for _, v := range g.list {
			parts = append(parts, g.name+" "+v)
		}
	}
	return strings.Join(parts, ", ")
}
