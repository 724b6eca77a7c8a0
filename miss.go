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
// request, the closest recordings and how each differs, and the command
// that records the request.
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
	// Headers are the names of the request headers that the matcher looks
	// at (see match.RelevantHeaders); the report shows their values.
	Headers []string
	// Closest are the recordings most like Request, most alike first: those
	// that failed the fewest matchers, then those with the fewest
	// differences, at most three. When recordings match Request but were
	// all used, Closest holds just those (and Used says how many there
	// are). It is empty when the cassette has no interactions.
	Closest []Candidate
	// Used is how many recordings match Request, all already used by this
	// run, when that is why it missed (Closest then lists the first three).
	Used int
	// Fix is the command (or step) that records the request.
	Fix string
	// Repeats reports whether the recorder replays a used recording again
	// (WithRepeats).
	Repeats bool
}

// A Candidate is a recorded interaction that a miss report compares with
// the live request.
type Candidate struct {
	// Index is the interaction's position in the cassette (0-based).
	Index int
	// Interaction is the recording; its Line is where it starts in the
	// cassette file (0 when this run recorded it).
	Interaction *cassette.Interaction
	// Used reports whether this run already replayed or recorded it.
	Used bool
	// Mismatches says how it differs from the request, one entry per
	// matcher that failed; empty when it matches.
	Mismatches match.Mismatches
}

// maxCandidates is how many recordings a miss report shows, and
// maxDifferences how many differences for each.
const (
	maxCandidates  = 3
	maxDifferences = 8
)

// Is makes errors.Is(err, ErrNoMatch) true.
func (e *MissError) Is(target error) bool { return target == ErrNoMatch }

// Error returns the report.
func (e *MissError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tapedeck: no recorded interaction matches %s %s\n", e.Request.Method, e.Request.URL)
	fmt.Fprintf(&b, "  cassette: %s (mode %s, from %s)\n", e.Cassette, e.Mode, e.ModeSource)
	b.WriteString("live request:\n")
	fmt.Fprintf(&b, "  %s %s\n", e.Request.Method, e.Request.URL)
	for _, name := range e.Headers {
		value := absentValue
		if vs := e.Request.Headers.Values(name); len(vs) > 0 {
			value = strings.Join(vs, ", ")
		}
		fmt.Fprintf(&b, "  %s: %s\n", name, value)
	}
	if len(e.Request.Body) > 0 {
		fmt.Fprintf(&b, "  body: %s\n", bodyExcerpt(e.Request.Body))
	}
	switch {
	case len(e.Closest) == 0:
		b.WriteString("the cassette has no interactions\n")
	case e.Used > 0:
		fmt.Fprintf(&b, "the cassette has %d recording(s) of this request, all already used: this is call %d\n", e.Used, e.Used+1)
	case len(e.Closest) == 1:
		b.WriteString("closest recorded interaction:\n")
	default:
		b.WriteString("closest recorded interactions, most alike first:\n")
	}
	for _, c := range e.Closest {
		e.writeCandidate(&b, c)
	}
	if e.Used > len(e.Closest) {
		fmt.Fprintf(&b, "  … and %d more\n", e.Used-len(e.Closest))
	}
	if e.Used > 0 && !e.Repeats {
		b.WriteString("(with recorder.WithRepeats(), the last one replays again, for polling loops)\n")
	}
	if len(e.Closest) > 0 && e.Used == 0 {
		if hint := volatileHint(e.Closest[0].Mismatches); hint != "" {
			fmt.Fprintf(&b, "note: %s\n", hint)
		}
	}
	fmt.Fprintf(&b, "to record it, run:\n  %s", e.Fix)
	return b.String()
}

const absentValue = "(absent)"

// writeCandidate writes one recording of the report: where it is, whether
// it was used, and how it differs.
func (e *MissError) writeCandidate(b *strings.Builder, c Candidate) {
	where := fmt.Sprintf("#%d", c.Index+1)
	if c.Interaction.Line > 0 {
		where = fmt.Sprintf("#%d, %s:%d", c.Index+1, e.Cassette, c.Interaction.Line)
	}
	used := "not used yet"
	if c.Used {
		used = "already used"
	}
	fmt.Fprintf(b, "  %s (%s)\n", where, used)
	fmt.Fprintf(b, "    %s %s\n", c.Interaction.Request.Method, c.Interaction.Request.URL)
	if len(c.Mismatches) == 0 {
		switch {
		case !c.Used:
			// Only a Keyer whose key disagrees with its Match gets here.
			b.WriteString("    it matches, but the matcher's Key files it under another key than the request:\n" +
				"    a match.Keyer must write equal keys for requests that it matches\n")
		case e.Repeats:
			// WithRepeats replays a used match: only a Match that gives
			// another answer the second time gets here.
			b.WriteString("    it matches now, but did not when the request was replayed: is the matcher deterministic?\n")
		}
		return
	}
	names := make([]string, len(c.Mismatches))
	for i, m := range c.Mismatches {
		names[i] = m.Matcher
	}
	fmt.Fprintf(b, "    failed: %s\n", strings.Join(names, ", "))
	shown := 0
	for _, m := range c.Mismatches {
		if m.Reason != "" {
			fmt.Fprintf(b, "    %s: %s\n", m.Matcher, m.Reason)
		}
		for _, d := range m.Differences {
			if shown == maxDifferences {
				fmt.Fprintf(b, "    … and %d more difference(s)\n", differences(c.Mismatches)-shown)
				return
			}
			shown++
			fmt.Fprintf(b, "    %s:\n      - recorded: %s\n      + live:     %s\n", d.Path, d.Recorded, d.Live)
		}
	}
}

// differences counts the differences in a verdict.
func differences(ms match.Mismatches) int {
	n := 0
	for _, m := range ms {
		n += len(m.Differences)
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
