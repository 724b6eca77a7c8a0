package main

import (
	"net/url"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

// A deck is what serve answers from: the interactions of its cassettes, in
// command-line order, in the engine the recorder uses, so that serve claims
// and ranks recordings exactly as a test does. Each interaction is tagged
// with the position of its cassette in cassettes.
//
// Requests are compared in origin form: the URL of a recorded request is
// reduced to its path and query ("/repos/1?page=2"), so that the host
// serve listens on, or the host of the recording, does not matter. The
// matcher is match.Default() over that form: method, path and query, and
// the body (JSON compared as JSON). Identical requests get the recordings
// in recorded order, and the last one again once all were used.
type deck struct {
	cassettes []*served
	eng       *engine.Engine
	red       *redact.Redactor // what live requests and new recordings are redacted with
}

// served is one cassette of the deck.
type served struct {
	path string
	c    *cassette.Cassette
}

func newDeck(red *redact.Redactor) *deck {
	return &deck{eng: engine.New(engine.Options{Matcher: match.Default(), Redactor: red, Reuse: engine.Last, Form: originRequest}), red: red}
}

// add puts every interaction of s in the deck.
func (d *deck) add(s *served) {
	d.eng.Load(s.c.Interactions, len(d.cassettes))
	d.cassettes = append(d.cassettes, s)
}

// originRequest is r with its URL in origin form.
func originRequest(r *cassette.Request) cassette.Request {
	o := *r
	o.URL = originForm(r.URL)
	return o
}

// lookup returns the recording for live (in origin form), or a zero Hit
// when nothing matches, with live as it was last compared (redacted when
// that was tried), for a miss report.
func (d *deck) lookup(live *cassette.Request) (engine.Hit, *cassette.Request) {
	hit, shown, _ := d.eng.Claim(live) // a deck is never closed
	return hit, shown
}

// miss explains why nothing matches live: the closest recordings and how
// they differ, in the report the recorder prints for a test (see
// recorder.MissError), ranked by the engine as the recorder ranks them.
// fix is how to record the request.
//
// A report names one cassette, so it shows the closest recording of the
// whole deck and the next closest of the same cassette (up to three).
func (d *deck) miss(live *cassette.Request, fix string) *recorder.MissError {
	e := &recorder.MissError{
		Mode:       recorder.ModeReplay,
		ModeSource: "tapedeck serve",
		Request:    live,
		Headers:    match.RelevantHeaders(match.Default(), live.Headers),
		Fix:        fix,
		Repeats:    true,
	}
	if len(d.cassettes) > 0 {
		e.Cassette = d.cassettes[0].path
	}
	cands, used := d.eng.Closest(live)
	e.Used = used
	for _, c := range cands {
		if len(e.Closest) == maxClosest {
			break
		}
		if len(e.Closest) > 0 && c.Source != cands[0].Source {
			continue
		}
		e.Cassette = d.cassettes[c.Source].path
		e.Closest = append(e.Closest, recorder.Candidate{Index: d.index(c), Interaction: c.Interaction, Used: c.Used, Mismatches: c.Mismatches})
	}
	return e
}

// index is c's position in its own cassette.
func (d *deck) index(c engine.Candidate) int {
	for i, in := range d.cassettes[c.Source].c.Interactions {
		if in == c.Interaction {
			return i
		}
	}
	return c.ID
}

// maxClosest is how many recordings a miss report shows, as the recorder's.
const maxClosest = 3

// originForm reduces a URL to the path and query a server sees
// ("/repos/1?page=2"). A URL that does not parse is kept as it is.
func originForm(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		p += "?" + u.RawQuery
	}
	return p
}
