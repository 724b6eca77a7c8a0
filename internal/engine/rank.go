package engine

import (
	"sort"
	"unicode/utf8"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// A Candidate is a recording that a miss report compares with the live
// request.
type Candidate struct {
	// ID is the interaction's position, Source its tag.
	ID     int
	Source int
	// Interaction is the recording.
	Interaction *cassette.Interaction
	// Used reports whether it was used since New.
	Used bool
	// Mismatches says how it differs from the request, one entry per
	// matcher that failed; empty when it matches.
	Mismatches match.Mismatches
}

// Closest ranks the recordings against live, for a miss report. When some
// match live but were all used, it returns just those, in recorded order,
// and how many there are. Otherwise it returns every recording, most alike
// first: fewer failed matchers, then fewer differing values, then differing
// values that are more alike (fewer characters to change, see Distance: so
// that for GET /users/8, /users/7 ranks above /hello), then recorded order.
//
// It compares live with every recording: it is the slow path, for requests
// that missed.
func (e *Engine) Closest(live *cassette.Request) (cands []Candidate, usedMatches int) {
	e.mu.Lock()
	entries := make([]entry, len(e.entries))
	copy(entries, e.entries)
	e.mu.Unlock()

	type ranked struct {
		Candidate
		failed, diffs int
		distance      int
	}
	var matched []Candidate
	var others []ranked
	for i := range entries {
		en := &entries[i]
		if en.gone {
			continue
		}
		c := Candidate{ID: i, Source: en.src, Interaction: en.in, Used: en.used,
			Mismatches: match.Explain(e.matcher.Match(live, en.req))}
		if en.vary != nil {
			c.Mismatches = append(c.Mismatches, match.Explain(match.Varies(en.vary, live.Headers, en.req.Headers))...)
		}
		if len(c.Mismatches) == 0 {
			matched = append(matched, c)
			continue
		}
		r := ranked{Candidate: c, failed: len(c.Mismatches)}
		for _, m := range c.Mismatches {
			r.diffs += len(m.Differences)
			for _, d := range m.Differences {
				r.distance += Distance(d.Recorded, d.Live)
			}
		}
		others = append(others, r)
	}
	if len(matched) > 0 {
		return matched, len(matched)
	}
	sort.SliceStable(others, func(i, j int) bool {
		a, b := &others[i], &others[j]
		if a.failed != b.failed {
			return a.failed < b.failed
		}
		if a.diffs != b.diffs {
			return a.diffs < b.diffs
		}
		return a.distance < b.distance
	})
	cands = make([]Candidate, len(others))
	for i := range others {
		cands[i] = others[i].Candidate
	}
	return cands, 0
}

// maxCompared is how many characters of each value Distance reads: enough
// to rank paths, query values and JSON values, bounded for large bodies.
const maxCompared = 256

// Distance says how unlike two values are: their edit distance
// (Levenshtein, over runes), the fewest characters to insert, delete or
// change to turn one into the other. Only the first maxCompared runes of
// each count.
func Distance(a, b string) int {
	ra, rb := runes(a), runes(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func runes(s string) []rune {
	rs := make([]rune, 0, min(len(s), maxCompared))
	for len(s) > 0 && len(rs) < maxCompared {
		r, size := utf8.DecodeRuneInString(s)
		rs = append(rs, r)
		s = s[size:]
	}
	return rs
}
