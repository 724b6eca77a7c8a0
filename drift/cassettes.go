package drift

import (
	"net/url"

	"github.com/tapedeck/recorder/cassette"
)

// An Entry is one interaction of a comparison of two cassettes: a pair of
// interactions with the same request, or one that only one cassette has.
type Entry struct {
	// Old and New are the interactions, nil on the side that lacks it;
	// OldIndex and NewIndex their indexes in the cassettes, -1 there.
	Old, New           *cassette.Interaction
	OldIndex, NewIndex int
	// Changes are what changed in the request (headers, and what the
	// pairing tolerates: the query, the body) and in the response, for a
	// pair.
	Changes []Change
	// Moved names what only moved for a pair: "recorded_at", "duration".
	Moved []string
}

// Cassettes pairs the interactions of old and new by request and compares
// each pair. An interaction is paired with the first unpaired one of the
// other cassette that the matcher (WithMatcher; match.Default() unless
// told) accepts, then what is left with the first of the same method and
// URL without its query, so that a request whose timestamp parameter
// changed still shows as one entry with its changes. The entries are in
// the order of new; an interaction only old has comes just before the
// first pair whose old interaction it preceded, or at the end.
func Cassettes(old, new *cassette.Cassette, opts ...Option) []Entry {
	o := newOptions(opts)
	oldOf := make([]int, len(new.Interactions)) // new index -> old index
	taken := make([]bool, len(old.Interactions))
	for j := range oldOf {
		oldOf[j] = -1
	}
	pass := func(same func(a, b *cassette.Interaction) bool) {
		for j, n := range new.Interactions {
			if oldOf[j] >= 0 || n == nil {
				continue
			}
			for i, p := range old.Interactions {
				if !taken[i] && p != nil && same(p, n) {
					oldOf[j], taken[i] = i, true
					break
				}
			}
		}
	}
	pass(func(a, b *cassette.Interaction) bool { return o.matcher.Match(&b.Request, &a.Request) == nil })
	pass(func(a, b *cassette.Interaction) bool {
		return a.Request.Method == b.Request.Method && withoutQuery(a.Request.URL) == withoutQuery(b.Request.URL)
	})

	var entries []Entry
	nextOld := 0
	flushOld := func(upTo int) {
		for ; nextOld < upTo; nextOld++ {
			if !taken[nextOld] && old.Interactions[nextOld] != nil {
				entries = append(entries, Entry{Old: old.Interactions[nextOld], OldIndex: nextOld, NewIndex: -1})
			}
		}
	}
	for j, n := range new.Interactions {
		if n == nil {
			continue
		}
		i := oldOf[j]
		if i < 0 {
			entries = append(entries, Entry{New: n, OldIndex: -1, NewIndex: j})
			continue
		}
		flushOld(i)
		p := old.Interactions[i]
		e := Entry{Old: p, New: n, OldIndex: i, NewIndex: j}
		e.Changes = append(o.requests(&p.Request, &n.Request), o.responses(&p.Response, &n.Response)...)
		if !p.RecordedAt.Equal(n.RecordedAt) {
			e.Moved = append(e.Moved, "recorded_at")
		}
		if p.Duration != n.Duration {
			e.Moved = append(e.Moved, "duration")
		}
		entries = append(entries, e)
	}
	flushOld(len(old.Interactions))
	return entries
}

func withoutQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
