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

// newRedactor builds the Recorder's redactor from the WithRedaction options.
func newRedactor(c *config) (*redact.Redactor, error) {
	red, err := redact.New(c.redaction...)
	if err != nil {
		return nil, fmt.Errorf("WithRedaction: %w", err)
	}
	return red, nil
}

// find looks for the recording that answers live: first as live was sent,
// then, when none matches and redaction would change live, redacted like
// the recordings. It returns the recording with its position, and live as
// it was last compared (redacted when that was tried), for a miss report.
//
// Trying the request as sent first is what keeps redaction free on the
// replay path: most requests carry no secret, or carry it where the matcher
// does not look (an Authorization header, under the default matcher), and
// they match at once without being inspected or copied. It finds the
// recording that redacting first would find: recordings hold only redacted
// values (they were redacted when recorded, and loaded ones when the
// cassette was opened, see redactLoaded), and redaction turns equal values
// into equal placeholders, so a recording that matches the request as sent
// also matches it redacted, and one that holds a placeholder where the
// request has a secret matches only the second try.
func (r *Recorder) find(live *cassette.Request) (int, *cassette.Interaction, *cassette.Request, error) {
	id, in, err := r.replay(live)
	if err != nil || in != nil || !r.red.Touches(*live) {
		return id, in, live, err
	}
	red := r.red.Request(*live)
	id, in, err = r.replay(&red)
	return id, in, &red, err
}

// redacted returns a copy of live, with headers of its own, redacted as a
// recording would be: what a report may print.
func (r *Recorder) redacted(live *cassette.Request) *cassette.Request {
	if !r.red.Touches(*live) {
		return cloneRequest(live)
	}
	red := r.red.Request(*live)
	return &red
}

// redactLoaded redacts the requests of the interactions read from the file,
// in memory, so that recordings hold only redacted values (as find relies
// on) even in a cassette not written by this Recorder (written by hand,
// imported, or recorded with other filters). Requests that were redacted when they were
// recorded stay as they are. Responses are left alone: replay is byte-exact.
func (r *Recorder) redactLoaded() {
	for _, in := range r.cas.Interactions {
		if r.red.Touches(in.Request) {
			in.Request = r.red.Request(in.Request)
		}
	}
}
