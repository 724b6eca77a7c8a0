package match

import (
	"hash/maphash"

	"github.com/tapedeck/recorder/cassette"
)

// All returns a Matcher that accepts a request when every one of ms does. Its
// error, when any rejects, is a Mismatches with one entry per matcher that
// rejected, in the order given, so a miss report can say which ones failed.
// All is a Keyer: its key combines the keys of those of ms that are Keyers.
func All(ms ...Matcher) Matcher {
	a := all{ms: ms}
	for _, m := range ms {
		if k, ok := m.(Keyer); ok {
			a.keyers = append(a.keyers, k)
		}
	}
	return a
}

type all struct {
	ms     []Matcher
	keyers []Keyer
}

func (a all) Match(live, recorded *cassette.Request) error {
	var ms Mismatches
	for _, m := range a.ms {
		if err := m.Match(live, recorded); err != nil {
			ms = append(ms, Explain(err)...)
		}
	}
	if ms == nil {
		return nil
	}
	return ms
}

func (a all) Key(r *cassette.Request, h *maphash.Hash) {
	for _, k := range a.keyers {
		k.Key(r, h)
		h.WriteByte(0)
	}
}

// Default returns the matcher a Recorder uses unless told otherwise: the
// method, the full URL and the body must match, where bodies that are JSON
// are compared as JSON (key order and white space do not matter).
func Default() Matcher {
	return All(Method(), URL(), Body())
}
