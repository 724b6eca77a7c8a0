package recorder

import (
	"fmt"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// redactConfig is what WithRedaction adds to the default redaction.
type redactConfig struct {
	redaction []redact.Option
}

// WithRedaction adds redaction filters to the defaults every Recorder
// applies, or changes them: more headers, query parameters, form fields and
// JSON fields (redact.Header, redact.QueryParam, redact.FormField,
// redact.JSONField), patterns and secrets with placeholders of their own
// (redact.Pattern, redact.Secret), a default turned off for one name
// (redact.Keep), and values the secret scan accepts (redact.Allow,
// redact.AllowField). Several WithRedaction options add up.
//
// Redaction is on without this option: Authorization, Cookie, Set-Cookie,
// API-key headers, and parameters and JSON fields such as access_token,
// api_key and password are replaced by "REDACTED" before anything is
// written (package redact lists the rules). Every interaction is redacted
// after the AfterCapture hooks and before it is stored; a live request that
// matches no recording as it was sent is redacted the same way and matched
// again, so a redacted value never causes a miss (and a request without
// secrets is never copied); and on replay the placeholders of redact.Secret
// filters are replaced by their values before the BeforeReplay hooks run. Before each
// save the cassette is scanned for anything that still looks like a
// credential (see SecretError).
//
// New and Open fail with the option's own message when a redact option is
// malformed (a JSON path that does not parse, a pattern that matches its
// own placeholder).
func WithRedaction(opts ...redact.Option) Option {
	return func(c *config) error {
		if _, err := redact.New(opts...); err != nil {
			return fmt.Errorf("WithRedaction: %w", err)
		}
		c.redaction = append(c.redaction, opts...)
		return nil
	}
}

// redacted returns a copy of live, with headers of its own, redacted as a
// recording would be: what a report may print.
func (r *Recorder) redacted(live *cassette.Request) *cassette.Request {
	if !r.set.red.Touches(*live) {
		return cloneRequest(live)
	}
	red := r.set.red.Request(*live)
	return &red
}
