package drift

import (
	"net/http"

	"github.com/tapedeck/recorder/match"
)

// An Option changes what is compared.
type Option func(*options)

type options struct {
	values  bool
	ignore  map[string]bool
	matcher match.Matcher
}

// volatileHeaders change on every response, so they are never compared.
var volatileHeaders = []string{
	"Age", "Cf-Ray", "Content-Length", "Date", "Expires", "Nel", "Report-To", "Server-Timing",
	"Traceparent", "X-Amz-Cf-Id", "X-Amzn-Requestid", "X-Amzn-Trace-Id", "X-Cache", "X-Correlation-Id",
	"X-Github-Request-Id", "X-Request-Id", "X-Runtime", "X-Served-By", "X-Timer", "X-Trace-Id",
}

func newOptions(opts []Option) *options {
	o := &options{ignore: map[string]bool{}}
	for _, name := range volatileHeaders {
		o.ignore[name] = true
	}
	for _, opt := range opts {
		opt(o)
	}
	if o.matcher == nil {
		o.matcher = match.Default()
	}
	return o
}

// Values reports changed values too: of headers, of JSON fields that keep
// their type, and of bodies that are not JSON. Without it only the shape is
// compared (status, Content-Type, which headers and fields there are, and
// their types).
func Values() Option {
	return func(o *options) { o.values = true }
}

// IgnoreHeaders leaves these headers out of the comparison (any case), on
// top of those that change on every response (Date, Age, Expires,
// Content-Length, request and trace ids).
func IgnoreHeaders(names ...string) Option {
	return func(o *options) {
		for _, n := range names {
			o.ignore[http.CanonicalHeaderKey(n)] = true
		}
	}
}

// WithMatcher pairs the interactions of two cassettes with m instead of
// match.Default(): use the matcher the tests record with.
func WithMatcher(m match.Matcher) Option {
	return func(o *options) { o.matcher = m }
}
