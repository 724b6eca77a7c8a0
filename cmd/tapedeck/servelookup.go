package main

import (
	"hash/maphash"
	"net/url"
	"sort"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// A deck is what serve answers from: the interactions of its cassettes, in
// command-line order, indexed by what the matcher compares. A deck is not
// safe for concurrent use; the server holds a mutex around it.
//
// Requests are compared in origin form: the URL of a recorded request is
// reduced to its path and query ("/repos/1?page=2"), so that the host
// serve listens on, or the host of the recording, does not matter. The
// matcher is match.Default() over that form: method, path and query, and
// the body (JSON compared as JSON).
type deck struct {
	cassettes []*served
	entries   []*entry
	matcher   match.Keyer
	seed      maphash.Seed
	index     map[uint64][]int // key -> entries, in deck order
}

// served is one cassette of the deck.
type served struct {
	path string
	c    *cassette.Cassette
}

// An entry is one recorded interaction, with its request in origin form.
type entry struct {
	cas   *served
	i     int // position in cas.c.Interactions
	in    *cassette.Interaction
	req   cassette.Request // in.Request with its URL in origin form
	used  bool
	where string // "path:line"
}

func newDeck() *deck {
	return &deck{matcher: match.Default(), seed: maphash.MakeSeed(), index: map[uint64][]int{}}
}

// add puts every interaction of s in the deck.
func (d *deck) add(s *served) {
	d.cassettes = append(d.cassettes, s)
	for i := range s.c.Interactions {
		d.addInteraction(s, i)
	}
}

// addInteraction puts interaction i of s in the deck and returns its entry.
func (d *deck) addInteraction(s *served, i int) *entry {
	in := s.c.Interactions[i]
	e := &entry{cas: s, i: i, in: in, req: in.Request, where: where(s.path, in.Line)}
	e.req.URL = originForm(in.Request.URL)
	id := len(d.entries)
	d.entries = append(d.entries, e)
	k := d.key(&e.req)
	d.index[k] = append(d.index[k], id)
	return e
}

func (d *deck) key(r *cassette.Request) uint64 {
	var h maphash.Hash
	h.SetSeed(d.seed)
	d.matcher.Key(r, &h)
	return h.Sum64()
}

// lookup returns the recording for live (in origin form): the first unused
// one that matches, marked used, or, when every match was used, the last
// match again (repeated is then true). It returns nil when nothing matches.
func (d *deck) lookup(live *cassette.Request) (e *entry, repeated bool) {
	var last *entry
	for _, id := range d.index[d.key(live)] {
		cand := d.entries[id]
		if d.matcher.Match(live, &cand.req) != nil {
			continue
		}
		if !cand.used {
			cand.used = true
			return cand, false
		}
		last = cand
	}
	return last, last != nil
}

// miss explains why nothing matches live: the closest recordings and how
// they differ, in the report the recorder prints for a test (see
// recorder.MissError). fix is how to record the request.
//
// A report names one cassette, so it shows the closest recording of the
// whole deck and the next closest of the same cassette (up to three).
func (d *deck) miss(live *cassette.Request, fix string) *recorder.MissError {
	e := &recorder.MissError{
		Mode:       recorder.ModeReplay,
		ModeSource: "tapedeck serve",
		Request:    live,
		Headers:    match.RelevantHeaders(d.matcher, live.Headers),
		Fix:        fix,
		Repeats:    true,
	}
	if len(d.cassettes) > 0 {
		e.Cassette = d.cassettes[0].path
	}
	type ranked struct {
		e     *entry
		ms    match.Mismatches
		score int
	}
	var all []ranked
	for _, cand := range d.entries {
		ms := match.Explain(d.matcher.Match(live, &cand.req))
		all = append(all, ranked{cand, ms, rank(ms)})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].score < all[j].score })
	for _, r := range all {
		if len(e.Closest) == maxClosest {
			break
		}
		if len(e.Closest) > 0 && r.e.cas != all[0].e.cas {
			continue
		}
		e.Cassette = r.e.cas.path
		e.Closest = append(e.Closest, recorder.Candidate{Index: r.e.i, Interaction: r.e.in, Used: r.e.used, Mismatches: r.ms})
	}
	return e
}

// maxClosest is how many recordings a miss report shows, as the recorder's.
const maxClosest = 3

// rank orders verdicts from closest to furthest: fewer failed matchers
// first, then fewer differing values, as the recorder ranks them.
func rank(ms match.Mismatches) int {
	n := 0
	for _, m := range ms {
		n += 1000 + len(m.Differences)
	}
	return n
}

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
