package redact

import (
	"github.com/tapedeck/recorder/internal/jsonpath"

	"errors"
	"regexp"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// Placeholder is the text that replaces every redacted value that has no
// placeholder of its own: header values, query parameters, form fields and
// JSON fields. Pattern and Secret filters use the placeholder they are given.
const Placeholder = "REDACTED"

// A Redactor removes secrets from recorded requests and responses and scans
// cassettes for the ones that remain. Build one with New (or Default); it is
// immutable afterwards and safe for concurrent use.
//
// The zero Redactor behaves as Default().
//
// Every method returns a redacted copy and leaves its argument unchanged, so
// the recorder can redact the live request it is about to match without
// touching the request that goes over the wire.
type Redactor struct {
	// User filters, by lower-case name.
	headers map[string]bool
	params  map[string]bool
	form    map[string]bool
	xml     map[string]bool
	paths   []jsonpath.Path
	// patterns and secrets in option order.
	patterns []pattern
	secrets  []secret
	// keep lists the lower-case names the default rules leave alone.
	keep map[string]bool
	// Scanner allow lists.
	allowValues map[string]bool
	allowFields map[string]bool
	// placeholders holds the placeholders of the options (Placeholder is
	// always one too; see allPlaceholders).
	placeholders []string
}

// A pattern replaces matches of re (or of its first group) with placeholder.
type pattern struct {
	re          *regexp.Regexp
	placeholder string
}

// A secret replaces a literal value, known only when value is called, with
// placeholder, and puts it back on replay.
type secret struct {
	placeholder string
	value       func() string
}

// An Option adds a filter to a Redactor, turns a default off, or tells the
// scanner about an accepted value. Options are applied in order.
type Option func(*Redactor) error

// Default returns the Redactor that applies only the default rules (see the
// package documentation). It is what the recorder uses when no redaction
// option is given.
func Default() *Redactor {
	return &Redactor{} // the sets of names are made as options add to them
}

// New returns a Redactor that applies the default rules and the filters the
// options add. It fails when an option is malformed (a JSON path that does not
// parse, a pattern that matches its own placeholder); the error names the
// option and says how to write it.
func New(opts ...Option) (*Redactor, error) {
	r := Default()
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(r); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, p := range r.patterns {
		r.placeholders = append(r.placeholders, p.placeholder)
	}
	for _, s := range r.secrets {
		r.placeholders = append(r.placeholders, s.placeholder)
	}
	return r, nil
}

// Interaction returns a copy of in with its request and response redacted.
// It is what the recorder applies to every interaction before it is stored.
func (r *Redactor) Interaction(in *cassette.Interaction) *cassette.Interaction {
	if in == nil {
		return nil
	}
	out := *in
	out.Request = r.Request(in.Request)
	out.Response = r.Response(in.Response)
	return &out
}

// isPlaceholder reports whether v is exactly one of the redactor's placeholders.
func (r *Redactor) isPlaceholder(v string) bool {
	if v == Placeholder {
		return true
	}
	for _, p := range r.placeholders {
		if v == p {
			return true
		}
	}
	return false
}

// containsPlaceholder reports whether v contains one of the redactor's
// placeholders.
func (r *Redactor) containsPlaceholder(v string) bool {
	if strings.Contains(v, Placeholder) {
		return true
	}
	for _, p := range r.placeholders {
		if strings.Contains(v, p) {
			return true
		}
	}
	return false
}

// kept reports whether Keep turned the default rules off for name.
func (r *Redactor) kept(name string) bool {
	return hasFold(r.keep, name)
}

// hasFold reports whether set, which holds lower-case names, holds name in
// any case. It does not allocate for ASCII names of up to 64 bytes, so the
// checks on the matching path stay allocation-free.
func hasFold(set map[string]bool, name string) bool {
	if len(set) == 0 {
		return false // small enough to inline: most sets are empty
	}
	return hasFoldIn(set, name)
}

func hasFoldIn(set map[string]bool, name string) bool {
	var buf [64]byte
	if len(name) <= len(buf) {
		b := buf[:0]
		for i := 0; i < len(name); i++ {
			c := name[i]
			if c >= 0x80 {
				return set[strings.ToLower(name)]
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
		return set[string(b)]
	}
	return set[strings.ToLower(name)]
}
