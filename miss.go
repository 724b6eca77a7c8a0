package recorder

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// ErrNoMatch is what a *MissError is: errors.Is(err, ErrNoMatch) reports
// whether a request failed because no recording matched it.
var ErrNoMatch = errors.New("tapedeck: no recorded interaction matches the request")

// A MissError is returned by RoundTrip (wrapped in *url.Error by
// http.Client) for a request that has no unused recording and may not be
// recorded in the current mode. Its message is a report for a person: the
// request, the closest recording and how it differs, and the command that
// records the request.
type MissError struct {
	// Cassette is the cassette file.
	Cassette string
	// Mode is the mode the recorder ran in, and ModeSource where that came
	// from ("CI=true", "-update", "default", ...).
	Mode       Mode
	ModeSource string
	// Request is the live request, redacted as a recording would be (so
	// the report shows no secret).
	Request *cassette.Request
	// Closest is the recording most like Request, nil when the cassette has
	// none; Index is its position in the cassette (0-based).
	Closest *cassette.Interaction
	Index   int
	// Mismatches says how Closest differs from Request; empty when Closest
	// matches but every matching recording was already used.
	Mismatches match.Mismatches
	// Used is how many recordings match Request, all already used by this
	// run, when that is why it missed.
	Used int
	// Fix is the command (or step) that records the request.
	Fix string
}

// Is makes errors.Is(err, ErrNoMatch) true.
func (e *MissError) Is(target error) bool { return target == ErrNoMatch }

// Error returns the report.
func (e *MissError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tapedeck: no recorded interaction matches %s %s\n", e.Request.Method, e.Request.URL)
	fmt.Fprintf(&b, "  cassette: %s (mode %s, from %s)\n", e.Cassette, e.Mode, e.ModeSource)
	if len(e.Request.Body) > 0 {
		fmt.Fprintf(&b, "  request body: %s\n", bodyExcerpt(e.Request.Body))
	}
	switch {
	case e.Closest == nil:
		b.WriteString("the cassette has no interactions\n")
	default:
		fmt.Fprintf(&b, "closest recorded interaction: #%d%s\n", e.Index+1, e.at())
		fmt.Fprintf(&b, "  %s %s\n", e.Closest.Request.Method, e.Closest.Request.URL)
		if e.Used > 0 {
			fmt.Fprintf(&b, "  it matches, but the cassette has %d recording(s) of this request and all were used: this is call %d\n", e.Used, e.Used+1)
		}
		for _, m := range e.Mismatches {
			if len(m.Differences) == 0 {
				fmt.Fprintf(&b, "  %s\n", m.Matcher)
			}
			for _, d := range m.Differences {
				fmt.Fprintf(&b, "  %s:\n    - recorded: %s\n    + live:     %s\n", d.Path, d.Recorded, d.Live)
			}
		}
	}
	fmt.Fprintf(&b, "to record it, run:\n  %s", e.Fix)
	return b.String()
}

// at is " at file:line" when the closest interaction's line is known.
func (e *MissError) at() string {
	if e.Closest.Line == 0 {
		return ""
	}
	return fmt.Sprintf(" at %s:%d", e.Cassette, e.Closest.Line)
}

// miss builds the report for live, reports it through the test under New,
// and returns it.
func (r *Recorder) miss(live *cassette.Request) error {
	r.mu.Lock()
	if r.closed { // Close may be saving r.cas
		r.mu.Unlock()
		return r.closedError(live)
	}
	e := &MissError{
		Cassette:   r.path,
		Mode:       r.mode,
		ModeSource: r.modeSource,
		Request:    cloneRequest(live),
		Fix:        r.fix,
	}
	// The slow path: compare with every recording to find the closest.
	best, bestScore := -1, 0
	for i, in := range r.cas.Interactions {
		ms := match.Explain(r.cfg.matcher.Match(live, &in.Request))
		if len(ms) == 0 {
			e.Used++
			best, e.Mismatches = i, nil
			bestScore = -1
			continue
		}
		if bestScore < 0 {
			continue // a used exact match beats any mismatch
		}
		if score := differences(ms); best < 0 || score < bestScore {
			best, bestScore, e.Mismatches = i, score, ms
		}
	}
	if best >= 0 {
		e.Closest, e.Index = r.cas.Interactions[best], best
	}
	r.mu.Unlock()
	if r.tb != nil {
		r.tb.Errorf("%s", e.Error())
	}
	return e
}

// differences ranks a verdict: failed matchers first, then differing values.
func differences(ms match.Mismatches) int {
	n := 0
	for _, m := range ms {
		n += 1000 + len(m.Differences)
	}
	return n
}

// bodyExcerpt shows up to 200 bytes of a body, quoted; binary bodies by
// their size.
func bodyExcerpt(b []byte) string {
	if !utf8.Valid(b) {
		return fmt.Sprintf("(%d bytes of binary)", len(b))
	}
	if len(b) <= 200 {
		return fmt.Sprintf("%q", b)
	}
	end := 200
	for end > 0 && !utf8.RuneStart(b[end]) {
		end--
	}
	return fmt.Sprintf("%q… (%d bytes)", b[:end], len(b))
}

// cloneRequest copies a live request for a report: its headers are the
// caller's and may change after RoundTrip returns.
func cloneRequest(r *cassette.Request) *cassette.Request {
	c := *r
	c.Headers = r.Headers.Clone()
	return &c
}
