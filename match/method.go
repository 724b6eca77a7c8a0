package match

import (
	"hash/maphash"
	"strconv"

	"github.com/tapedeck/recorder/cassette"
)

// Method returns a Matcher that compares request methods. An empty method
// means GET, as in net/http.
func Method() Keyer { return method{} }

type method struct{}

func methodOf(r *cassette.Request) string {
	if r.Method == "" {
		return "GET"
	}
	return r.Method
}

func (method) Match(live, recorded *cassette.Request) error {
	l, r := methodOf(live), methodOf(recorded)
	if l == r {
		return nil
	}
	return &Mismatch{Matcher: "method", Differences: []Difference{{
		Path: "method", Recorded: strconv.Quote(r), Live: strconv.Quote(l),
	}}}
}

func (method) Key(r *cassette.Request, h *maphash.Hash) { h.WriteString(methodOf(r)) }
