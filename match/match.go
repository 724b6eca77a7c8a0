package match

import (
	"errors"
	"hash/maphash"
	"net/http"
	"slices"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// A Matcher decides whether a live request matches a recorded one. Match
// returns nil when it does, and otherwise an error saying how they differ:
// ideally a *Mismatch, which a miss report prints field by field.
//
// Both requests are read-only for the matcher.
type Matcher interface {
	Match(live, recorded *cassette.Request) error
}

// A Keyer is a Matcher that can sum up the part of a request it compares, so
// that a recorder can index recorded requests instead of comparing a live
// request with every one of them.
//
// Key writes that summary to h. It must write the same bytes for any two
// requests that Match accepts; it may write the same bytes for requests that
// Match rejects (the recorder still calls Match).
type Keyer interface {
	Matcher
	Key(r *cassette.Request, h *maphash.Hash)
}

// A HeaderLister is a Matcher that looks at request headers and can say
// which: HeaderNames returns the canonical names of the headers of h that it
// compares (or reads to decide how to compare, like Content-Type). A miss
// report shows those headers of the live request.
type HeaderLister interface {
	Matcher
	HeaderNames(h http.Header) []string
}

// RelevantHeaders returns the canonical names of the headers of h that m
// looks at, sorted, each once: those m's HeaderLister parts name. It is nil
// when m is not a HeaderLister.
func RelevantHeaders(m Matcher, h http.Header) []string {
	l, ok := m.(HeaderLister)
	if !ok {
		return nil
	}
	names := slices.Clone(l.HeaderNames(h))
	slices.Sort(names)
	return slices.Compact(names)
}

// A Difference is one value that differs between a recorded request and a
// live one.
type Difference struct {
	// Path names the value: "method", "url", "query ts", "body $.items[2].id".
	Path string
	// Recorded and Live are the two values, formatted for a person
	// (strings quoted); "(absent)" where one side has no such value.
	Recorded, Live string
}

// A Mismatch is one matcher's verdict that a live request differs from a
// recorded one.
type Mismatch struct {
	// Matcher names the matcher: "method", "url", "body".
	Matcher string
	// Reason says why, when the matcher cannot point at values (a Func that
	// returned a plain error); empty otherwise.
	Reason string
	// Differences lists what differs, in a stable order.
	Differences []Difference
}

// Error lists the differences, separated by semicolons: path: recorded
// value, live value.
func (m *Mismatch) Error() string {
	var b strings.Builder
	b.WriteString(m.Matcher)
	b.WriteString(" differs")
	if m.Reason != "" {
		b.WriteString(": ")
		b.WriteString(m.Reason)
	}
	for i, d := range m.Differences {
		if i == 0 && m.Reason == "" {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(d.Path)
		b.WriteString(": recorded ")
		b.WriteString(d.Recorded)
		b.WriteString(", live ")
		b.WriteString(d.Live)
	}
	return b.String()
}

// Mismatches is the verdict of several matchers, as All returns it.
type Mismatches []*Mismatch

// Error joins the mismatches, one per line.
func (ms Mismatches) Error() string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Error()
	}
	return strings.Join(parts, "\n")
}

// Explain turns what a Matcher returned into mismatches: nil stays nil, a
// *Mismatch or Mismatches is returned as it is, and any other error becomes
// one Mismatch named after the error's text.
func Explain(err error) Mismatches {
	if err == nil {
		return nil
	}
	var ms Mismatches
	if errors.As(err, &ms) {
		return ms
	}
	var m *Mismatch
	if errors.As(err, &m) {
		return Mismatches{m}
	}
	return Mismatches{{Matcher: err.Error()}}
}
