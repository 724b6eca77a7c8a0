package match

import (
	"hash/maphash"
	"net/url"
	"strconv"

	"github.com/tapedeck/recorder/cassette"
)

// Query returns a Matcher that compares URL query parameters as a set: the
// order of the parameters does not matter, also among the values of a
// repeated one (?a=1&a=2 equals ?a=2&a=1), but every name and value must be
// there on both sides. IgnoreParams leaves parameters out. Its Mismatch
// names each parameter that differs ("query page"). A query that does not
// parse is compared as text.
//
// Query compares only the query; combine it with Method, Scheme, Host and
// Path to match the rest.
func Query(opts ...ParamOption) Keyer { return query{opts: newParamOptions(opts)} }

type query struct{ opts paramOptions }

// read returns r's query as parameters, or ok false with its raw text when
// it does not parse.
func (q query) read(r *cassette.Request) (params url.Values, raw string, ok bool) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, r.URL, false
	}
	params, ok = q.opts.parseParams(u.RawQuery)
	return params, u.RawQuery, ok
}

func (q query) Match(live, recorded *cassette.Request) error {
	lp, lraw, lok := q.read(live)
	rp, rraw, rok := q.read(recorded)
	if lok && rok {
		ds := paramDifferences("query", rp, lp)
		if len(ds) == 0 {
			return nil
		}
		return &Mismatch{Matcher: "query", Differences: ds}
	}
	if !lok && !rok && lraw == rraw {
		return nil
	}
	return &Mismatch{Matcher: "query", Differences: []Difference{{
		Path: "query", Recorded: strconv.Quote(rraw) + parsedNote(rok), Live: strconv.Quote(lraw) + parsedNote(lok),
	}}}
}

func parsedNote(ok bool) string {
	if ok {
		return ""
	}
	return " (does not parse)"
}

func (q query) Key(r *cassette.Request, h *maphash.Hash) {
	p, raw, ok := q.read(r)
	if !ok {
		h.WriteByte(0)
		h.WriteString(raw)
		return
	}
	h.WriteByte(1)
	h.Write(canonicalParams(p))
}
