package recorder

import (
	"fmt"
	"time"

	"github.com/tapedeck/recorder/expiry"
)

// WithExpiry sets the expiry policy: when recorded interactions go stale
// and which requests are never recorded (see package expiry for the
// values, the URL rules and their precedence). Without it nothing expires,
// every request may be recorded, and expiry is never consulted: the
// request's Cache-Control header and expiry.WithExpiration on its context
// count only once a policy is set, even an empty one,
// WithExpiry(expiry.Policy{}).
//
// What happens to a stale interaction is the StaleStrategy (OnStale);
// go test -update (ModeUpdate) refreshes stale interactions whatever the
// strategy. A request the policy marks do-not-record goes straight to the
// real transport and is neither replayed nor written, in every mode but
// ModeReplay, where it is an error because that mode never uses the
// network.
//
// A rule whose pattern cannot work makes New or Open fail, naming the
// rule.
func WithExpiry(p expiry.Policy) Option {
	return func(c *config) error {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("WithExpiry: %w", err)
		}
		p.Rules = append([]expiry.Rule(nil), p.Rules...) // the caller's slice may change
		c.expiry = &p
		return nil
	}
}

// A StaleStrategy says what a Recorder does when the recording that
// matches a request is stale under its expiry policy. ModeUpdate (go test
// -update) always refreshes; the strategy decides in the other modes.
type StaleStrategy int

const (
	// StaleWarn replays the stale recording and logs which interaction it
	// is (method, URL, cassette file:line), its age, the rule that made it
	// stale, and the command that refreshes it. It is the default, except
	// under AsCache.
	StaleWarn StaleStrategy = iota + 1

	// StaleFail reports the same facts as a failure. Under New it fails
	// the test (t.Errorf) and still replays the recording, so one run
	// lists every stale interaction; under Open, RoundTrip returns a
	// *StaleError (errors.Is(err, ErrStale)).
	StaleFail

	// StaleRefresh sends the request again and replaces the recording in
	// place when the mode allows the network (ModeRecordMissing,
	// ModeUpdate, ModeOnce while the cassette is new). A recording with an
	// ETag or Last-Modified is revalidated: a 304 Not Modified keeps it
	// and moves only its recorded_at. When the refresh fails (a transport
	// error or a 5xx status) the old recording is kept and replayed, and
	// the log says so (stale-if-error). In a mode without the network it
	// falls back to StaleWarn and says why. It is the default under
	// AsCache.
	StaleRefresh
)

var staleNames = [...]string{StaleWarn: "warn", StaleFail: "fail", StaleRefresh: "refresh"}

// String returns "warn", "fail" or "refresh".
func (s StaleStrategy) String() string {
	if s >= StaleWarn && s <= StaleRefresh {
		return staleNames[s]
	}
	return fmt.Sprintf("StaleStrategy(%d)", int(s))
}

// OnStale sets what happens when a request matches a stale recording: see
// StaleStrategy. It matters only with WithExpiry or AsCache, since without
// a policy nothing is ever stale.
func OnStale(s StaleStrategy) Option {
	return func(c *config) error {
		if s < StaleWarn || s > StaleRefresh {
			return fmt.Errorf("OnStale(%v): not a strategy; use recorder.StaleWarn, recorder.StaleFail or recorder.StaleRefresh", s)
		}
		c.stale = s
		return nil
	}
}

// WithClock sets the clock the Recorder reads: to decide whether a
// recording is stale, and to stamp recorded_at (and measure duration) on
// new recordings. Tests use it to be hours later without sleeping. The
// default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return fmt.Errorf("WithClock(nil): pass a function such as time.Now")
		}
		c.now = now
		return nil
	}
}

// WithLogger sets where the Recorder writes what a person should know but
// that is not an error: a stale recording replayed, a refresh that failed
// and fell back to the recording. logf has the signature of log.Printf and
// testing.T.Logf. The default is t.Logf under New and log.Printf (the
// standard logger) under Open.
func WithLogger(logf func(format string, args ...any)) Option {
	return func(c *config) error {
		if logf == nil {
			return fmt.Errorf("WithLogger(nil): pass a function such as log.Printf")
		}
		c.logf = logf
		return nil
	}
}

// networkRule says, for a log line, when mode m uses the network for a
// request that has a recording.
func (m Mode) networkRule() string {
	switch m {
	case ModeOnce:
		return "uses the network only while the cassette does not exist"
	case ModeReplay:
		return "never uses the network"
	}
	return "uses the network"
}
