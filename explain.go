package recorder

import (
	"fmt"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

// An Explanation says which recording of a cassette answers a request in
// replay, and why each other recording does not.
type Explanation struct {
	// Request is the request as it was compared: redacted like the
	// recordings when, as it was sent, it matched nothing.
	Request *cassette.Request
	// Match is the index of the interaction that answers Request, -1 when
	// none does.
	Match int
	// Candidates lists every interaction of the cassette: first those that
	// match Request in recorded order (Match is the first; the others
	// answer the second, third... identical request), then the others
	// ranked as a miss report ranks them, most alike first, each with its
	// Mismatches. Used is false for all of them: Explain replays nothing.
	Candidates []Candidate
	// Headers are the names of the request headers that the matcher looks
	// at; String shows their values.
	Headers []string
}

// Explain says which interaction of c would answer req in replay, and how
// each other one differs from it: it ranks them with the recorder's own
// engine, matcher and redaction, as a miss report does. Of opts, the
// matcher (WithMatcher) and the redaction (WithRedaction) count; the
// other options do not change matching and are accepted so that a test
// can pass its recorder's options as they are. Neither c nor req is
// changed.
func Explain(c *cassette.Cassette, req *cassette.Request, opts ...Option) (*Explanation, error) {
	cfg := config{matcher: match.Default()}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("tapedeck: Explain: %w", err)
		}
	}
	red, err := redact.New(cfg.redaction...)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: Explain: WithRedaction: %w", err)
	}
	// The engine redacts the requests it loads in place: it gets copies.
	ins := make([]*cassette.Interaction, len(c.Interactions))
	for i, in := range c.Interactions {
		cp := *in
		ins[i] = &cp
	}
	newEngine := func(ins []*cassette.Interaction) *engine.Engine {
		e := engine.New(engine.Options{Matcher: cfg.matcher, Redactor: red, Reuse: engine.Once})
		e.Load(ins, 0)
		return e
	}
	live := cloneRequest(req)
	hit, compared, err := newEngine(ins).Claim(live)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: Explain: %w", err)
	}
	x := &Explanation{Request: cloneRequest(compared), Match: -1, Headers: match.RelevantHeaders(cfg.matcher, compared.Headers)}
	// The interactions that match, in recorded order, and the others.
	var others []*cassette.Interaction
	var otherIndex []int
	for i, in := range ins {
		if cfg.matcher.Match(compared, &in.Request) == nil {
			x.Candidates = append(x.Candidates, Candidate{Index: i, Interaction: c.Interactions[i]})
			continue
		}
		others = append(others, in)
		otherIndex = append(otherIndex, i)
	}
	if hit.Interaction != nil {
		x.Match = hit.ID
	}
	ranked, _ := newEngine(others).Closest(compared)
	for _, cand := range ranked {
		i := otherIndex[cand.ID]
		x.Candidates = append(x.Candidates, Candidate{Index: i, Interaction: c.Interactions[i], Mismatches: cand.Mismatches})
	}
	return x, nil
}

// String is the explanation for a person: the request, which interaction
// answers it, and for each other one the matchers it fails and the values
// that differ.
func (x *Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "request: %s %s\n", x.Request.Method, x.Request.URL)
	for _, name := range x.Headers {
		value := absentValue
		if vs := x.Request.Headers.Values(name); len(vs) > 0 {
			value = strings.Join(vs, ", ")
		}
		fmt.Fprintf(&b, "  %s: %s\n", name, value)
	}
	if len(x.Request.Body) > 0 {
		fmt.Fprintf(&b, "  body: %s\n", bodyExcerpt(x.Request.Body))
	}
	switch {
	case len(x.Candidates) == 0:
		b.WriteString("the cassette has no interactions\n")
	case x.Match < 0:
		b.WriteString("no interaction matches; the closest first:\n")
	}
	for _, c := range x.Candidates {
		where := fmt.Sprintf("#%d", c.Index+1)
		if c.Interaction.Line > 0 {
			where += fmt.Sprintf(" (line %d)", c.Interaction.Line)
		}
		what := c.Interaction.Request.Method + " " + c.Interaction.Request.URL
		switch {
		case c.Index == x.Match:
			fmt.Fprintf(&b, "%s %s: matches, and answers the request\n", where, what)
			continue
		case len(c.Mismatches) == 0:
			fmt.Fprintf(&b, "%s %s: matches too, and answers the next identical request\n", where, what)
			continue
		}
		names := make([]string, len(c.Mismatches))
		for i, m := range c.Mismatches {
			names[i] = m.Matcher
		}
		fmt.Fprintf(&b, "%s %s: does not match: %s differs\n", where, what, strings.Join(names, ", "))
		for _, m := range c.Mismatches {
			if m.Reason != "" {
				fmt.Fprintf(&b, "    %s: %s\n", m.Matcher, m.Reason)
			}
			for _, d := range m.Differences {
				fmt.Fprintf(&b, "    %s: recorded %s, request %s\n", d.Path, d.Recorded, d.Live)
			}
		}
	}
	return b.String()
}
