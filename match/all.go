package match

import (
	"hash/maphash"
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// All returns a Matcher that accepts a request when every one of ms does. Its
// error, when any rejects, is a Mismatches with one entry per matcher that
// rejected, in the order given, so a miss report can say which ones failed.
// All is a Keyer: its key combines the keys of those of ms that are Keyers,
// so a recorder indexes by them and compares only requests with the same
// key. All is a HeaderLister too, naming the headers its parts look at.
func All(ms ...Matcher) Keyer {
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

func (a all) HeaderNames(h http.Header) []string {
	var names []string
	for _, m := range a.ms {
		if l, ok := m.(HeaderLister); ok {
			names = append(names, l.HeaderNames(h)...)
		}
	}
	return names
}

// Default returns the matcher a Recorder uses unless told otherwise: the
// method, the URL and the body must match. The URL is compared as URL
// compares it: as a string, without the query parameters of request
// signing (SigningParams) and those that opts name with IgnoreParams, so
// a volatile parameter is named once:
//
//	recorder.WithMatcher(match.Default(match.IgnoreParams("ts")))
//
// The body is compared as its Content-Type says (see Body): JSON as JSON
// (application/json and every json, +json or -json type, such as
// application/x-amz-json-1.0), forms as sets of parameters, multipart
// bodies part by part, anything else byte for byte.
func Default(opts ...ParamOption) Keyer {
	return All(Method(), URL(opts...), Body())
}
