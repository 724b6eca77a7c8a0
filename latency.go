package recorder

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// latencyConfig is WithLatency's fraction; 0 replays instantly.
type latencyConfig struct {
	latency float64
}

// WithLatency makes replay as slow as the recording: each replayed response
// is handed over after fraction times the interaction's recorded duration,
// 1 for the recorded duration, 0.1 for a tenth of it. Without this option
// replay is instant. Use it to test timeouts, progress reporting or
// concurrency that depend on a slow server.
//
// The wait honours the request's context: when it is cancelled or its
// deadline passes first, RoundTrip returns the context's error at once (the
// recording counts as used, as a request the server had received). The
// duration is the one after the BeforeReplay hooks, which may change it.
// fraction must be positive and finite.
//
// A text/event-stream response recorded with when each event arrived (see
// the cassette package's "Server-sent events"), or a body recorded in
// chunks ("Chunks"), is handed over at once instead, and its body paced:
// each event or chunk comes at its recorded time times fraction, counted
// from the request, one per Read. Then the Read
// that waits fails with the context's error when it is cancelled first.
func WithLatency(fraction float64) Option {
	return func(c *config) error {
		if !(fraction > 0) || math.IsInf(fraction, 0) {
			return fmt.Errorf("WithLatency(%v): the fraction of the recorded duration must be positive (1 for as recorded), or leave the option out for instant replay", fraction)
		}
		c.latency = fraction
		return nil
	}
}

// wait waits out the latency WithLatency asks for, or until req's context
// is done.
func (s *settings) wait(req *http.Request, recorded time.Duration) error {
	d := time.Duration(float64(recorded) * s.latency)
	if d <= 0 {
		return nil
	}
	ctx := req.Context()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("tapedeck: %s %s: the request was cancelled while replay waited out the recorded latency (%v): %w",
			req.Method, req.URL, d, ctx.Err())
	}
}
