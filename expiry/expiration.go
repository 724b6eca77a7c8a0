package expiry

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// An Expiration says how long a recorded interaction stays fresh. It is one
// of Never (the zero value), Immediately, DoNotRecord, or a positive
// duration made with After.
//
// Expiration is a comparable value: use == to test for Never, Immediately
// and DoNotRecord. A positive Expiration is a time.Duration, so
// Expiration(24*time.Hour) == After(24*time.Hour).
type Expiration int64

const (
	// Never means the interaction never goes stale. It is the zero value,
	// so a Policy{} keeps fixtures forever.
	Never Expiration = 0

	// Immediately means the interaction is stale as soon as it is recorded.
	// A caller that refreshes stale interactions revalidates one with
	// validators (ETag, Last-Modified) instead of throwing it away; see
	// Verdict.Revalidate and Conditional.
	Immediately Expiration = -1

	// DoNotRecord means the request is sent to the network every time and
	// neither its request nor its response is ever written to a cassette.
	DoNotRecord Expiration = math.MinInt64
)

// After returns an Expiration that makes an interaction stale once it is d
// old. After(d) for d <= 0 is Immediately.
func After(d time.Duration) Expiration {
	if d <= 0 {
		return Immediately
	}
	return Expiration(d)
}

// TTL returns the freshness lifetime: d for After(d), 0 for Immediately.
// ok is false for Never and DoNotRecord, which have no lifetime.
func (e Expiration) TTL() (ttl time.Duration, ok bool) {
	switch {
	case e == Never, e == DoNotRecord:
		return 0, false
	case e < 0:
		return 0, true
	default:
		return time.Duration(e), true
	}
}

// String returns the form ParseExpiration reads back: "never",
// "immediately", "do-not-record", or a duration such as "1h30m" or "7d".
// Any negative value other than DoNotRecord reads as "immediately", which is
// how the package treats it.
func (e Expiration) String() string {
	switch {
	case e == Never:
		return "never"
	case e == DoNotRecord:
		return "do-not-record"
	case e < 0:
		return "immediately"
	default:
		return formatDuration(time.Duration(e))
	}
}

// MarshalText returns String's form, so an Expiration can be used with
// flag.TextVar and text-based configuration formats.
func (e Expiration) MarshalText() ([]byte, error) {
	return []byte(e.String()), nil
}

// UnmarshalText sets *e from the forms ParseExpiration accepts.
func (e *Expiration) UnmarshalText(text []byte) error {
	v, err := ParseExpiration(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// ErrBadExpiration is wrapped by the errors ParseExpiration returns.
var ErrBadExpiration = errors.New("bad expiration")

// ParseExpiration reads an Expiration as a person types it on a command line
// or in a configuration file:
//
//	never                     Never
//	0, immediately            Immediately (so are zero durations such as "0s")
//	do-not-record             DoNotRecord
//	24h, 90m, 1h30m, 1.5s     a Go duration (time.ParseDuration)
//	7d, 1d12h                 whole days, optionally followed by a Go duration
//
// Keywords are case-insensitive and surrounding spaces are ignored.
// Negative durations are an error.
func ParseExpiration(s string) (Expiration, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	switch text {
	case "never":
		return Never, nil
	case "0", "immediately":
		return Immediately, nil
	case "do-not-record":
		return DoNotRecord, nil
	case "":
		return Never, parseError(s, "it is empty")
	}
	if strings.HasPrefix(text, "-") {
		return Never, parseError(s, "a duration cannot be negative")
	}
	var d time.Duration
	if days, rest, ok := strings.Cut(text, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n < 0 {
			return Never, parseError(s, fmt.Sprintf("%q before \"d\" is not a whole number of days", days))
		}
		if n > int64(math.MaxInt64/(24*time.Hour)) {
			return Never, parseError(s, "it is longer than the longest duration Go can hold (about 292 years)")
		}
		d = time.Duration(n) * 24 * time.Hour
		text = rest
		if text == "" {
			return After(d), nil
		}
		if strings.HasPrefix(text, "-") || strings.HasPrefix(text, "+") {
			return Never, parseError(s, fmt.Sprintf("%q after the days must be a positive duration such as 12h", text))
		}
	}
	rest, err := time.ParseDuration(text)
	if err != nil {
		return Never, parseError(s, "it is not a duration")
	}
	if rest < 0 {
		return Never, parseError(s, "a duration cannot be negative")
	}
	if d > math.MaxInt64-rest {
		return Never, parseError(s, "it is longer than the longest duration Go can hold (about 292 years)")
	}
	return After(d + rest), nil
}

func parseError(s, why string) error {
	return fmt.Errorf("%w %q: %s; use never, immediately (or 0), do-not-record, or a duration such as 24h, 90m or 7d",
		ErrBadExpiration, s, why)
}

// formatDuration writes d the way ParseExpiration reads it, without the
// zero units time.Duration.String adds: 1h instead of 1h0m0s, 7d instead of
// 168h0m0s, 1d2h instead of 26h0m0s. d must not be negative.
func formatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	days := d / day
	rest := d % day
	var b strings.Builder
	if days > 0 {
		fmt.Fprintf(&b, "%dd", int64(days))
		if rest == 0 {
			return b.String()
		}
	}
	s := rest.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	b.WriteString(s)
	return b.String()
}
