package recorder

import (
	"fmt"
	"regexp"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// RedactionOptions returns the redact options that the rules written into a
// cassette (cassette.Redaction, by `tapedeck redact` or `tapedeck import`)
// stand for. The recorder adds them to its redaction when it opens the
// cassette, so that live requests are redacted as the recordings were and
// still match; a pattern that does not compile is an error that names it.
func RedactionOptions(r *cassette.Redaction) ([]redact.Option, error) {
	if r.IsZero() {
		return nil, nil
	}
	var opts []redact.Option
	add := func(list []string, opt func(...string) redact.Option) {
		if len(list) > 0 {
			opts = append(opts, opt(list...))
		}
	}
	add(r.Headers, redact.Header)
	add(r.Query, redact.QueryParam)
	add(r.Form, redact.FormField)
	add(r.JSON, redact.JSONField)
	for _, p := range r.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("redact: patterns: %q: %w", p, err)
		}
		opts = append(opts, redact.Pattern(re, redact.Placeholder))
	}
	return opts, nil
}

// applyCassetteRules adds the redaction rules written into c to the
// settings' redactor, rebuilt from opts (the options it was resolved
// from) and the rules.
func (s *settings) applyCassetteRules(c *cassette.Cassette, opts []Option) error {
	rules, err := RedactionOptions(c.Redact)
	if err != nil {
		return fmt.Errorf("tapedeck: %s: %w", s.path, err)
	}
	if len(rules) == 0 {
		return nil
	}
	var cfg config
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return fmt.Errorf("tapedeck: %s: %w", s.path, err)
		}
	}
	red, err := redact.New(append(cfg.redaction, rules...)...)
	if err != nil {
		return fmt.Errorf("tapedeck: %s: the cassette's redact rules: %w", s.path, err)
	}
	s.red, s.restores = red, red.Restores()
	return nil
}
