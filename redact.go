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
// after the AfterCapture hooks and before it is stored; every live request
// is redacted the same way before it is matched, so a redacted value never
// causes a miss; and on replay the placeholders of redact.Secret filters are
// replaced by their values before the BeforeReplay hooks run. Before each
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

// newRedactor builds the Recorder's redactor from the WithRedaction options.
func newRedactor(c *config) (*redact.Redactor, error) {
	red, err := redact.New(c.redaction...)
	if err != nil {
		return nil, fmt.Errorf("WithRedaction: %w", err)
	}
	return red, nil
}

// matchable returns the live request as the matcher must see it: redacted
// like the recordings it is compared with. The check comes first because
// most requests carry nothing to redact, and redacting costs far more than
// replaying.
func (r *Recorder) matchable(live *cassette.Request) *cassette.Request {
	if !r.red.Touches(*live) {
		return live
	}
	red := r.red.Request(*live)
	return &red
}

// redactLoaded redacts the requests of the interactions read from the file,
// in memory, so that matching compares redacted with redacted even for a
// cassette not written by this Recorder (written by hand, imported, or
// recorded with other filters). Requests that were redacted when they were
// recorded stay as they are. Responses are left alone: replay is byte-exact.
func (r *Recorder) redactLoaded() {
	for _, in := range r.cas.Interactions {
		if r.red.Touches(in.Request) {
			in.Request = r.red.Request(in.Request)
		}
	}
}
