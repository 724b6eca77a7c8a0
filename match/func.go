package match

import (
	"errors"
	"hash/maphash"
	"net/http"
	"slices"

	"github.com/tapedeck/recorder/cassette"
)

// Func returns a Matcher that calls fn, for rules no built-in matcher
// expresses. fn returns nil when live matches recorded, and otherwise an
// error saying why: a *Mismatch (or Mismatches) to show values side by side
// in a miss report, or any error, shown as the reason. name names the
// matcher in miss reports.
//
// A Func alone is not a Keyer, so a recorder compares a live request with
// every recording of the cassette. KeyOn keeps replay indexed.
func Func(name string, fn func(live, recorded *cassette.Request) error, opts ...FuncOption) Matcher {
	f := funcMatcher{name: name, fn: fn}
	for _, opt := range opts {
		if opt != nil {
			opt(&f)
		}
	}
	if len(f.keyOn) == 0 {
		return f
	}
	return keyedFunc{f}
}

// A FuncOption changes a Func.
type FuncOption func(*funcMatcher)

// KeyOn makes a Func a Keyer that keys on ks, so that a recorder indexes
// recordings by them instead of calling the function for every recording.
// The Func then matches only requests that each of ks matches too (they are
// checked first, and reported like any other matcher), so the key is always
// right: name the fields the function relies on being equal, such as
// KeyOn(Method(), Path()).
func KeyOn(ks ...Keyer) FuncOption {
	return func(f *funcMatcher) {
		for _, k := range ks {
			if k != nil {
				f.keyOn = append(f.keyOn, k)
			}
		}
	}
}

type funcMatcher struct {
	name  string
	fn    func(live, recorded *cassette.Request) error
	keyOn []Keyer
}

func (f funcMatcher) Match(live, recorded *cassette.Request) error {
	if len(f.keyOn) == 0 {
		return f.call(live, recorded) // the fast path of an unkeyed Func
	}
	var ms Mismatches
	for _, k := range f.keyOn {
		ms = append(ms, Explain(k.Match(live, recorded))...)
	}
	ms = append(ms, Explain(f.call(live, recorded))...)
	switch len(ms) {
	case 0:
		return nil
	case 1:
		return ms[0]
	}
	return ms
}

// call runs fn and names what it returned after the Func: nil, a
// *Mismatch or Mismatches.
func (f funcMatcher) call(live, recorded *cassette.Request) error {
	if f.fn == nil {
		return &Mismatch{Matcher: f.name, Reason: "match.Func was given a nil function"}
	}
	err := f.fn(live, recorded)
	if err == nil {
		return nil
	}
	if !explains(err) {
		return &Mismatch{Matcher: f.name, Reason: err.Error()}
	}
	out := slices.Clone(Explain(err))
	for i, m := range out {
		if m.Matcher == "" {
			c := *m
			c.Matcher = f.name
			out[i] = &c
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}

// explains reports whether err is or wraps a *Mismatch or Mismatches. It
// looks at err's type first: errors.As allocates, and an unkeyed Func is
// called for many recordings per request.
func explains(err error) bool {
	switch err.(type) {
	case *Mismatch, Mismatches:
		return true
	case interface{ Unwrap() error }, interface{ Unwrap() []error }:
		var m *Mismatch
		var ms Mismatches
		return errors.As(err, &m) || errors.As(err, &ms)
	}
	return false
}

// keyedFunc is a Func with KeyOn: a Keyer.
type keyedFunc struct{ funcMatcher }

func (f keyedFunc) Key(r *cassette.Request, h *maphash.Hash) {
	for _, k := range f.keyOn {
		k.Key(r, h)
		h.WriteByte(0)
	}
}

func (f keyedFunc) HeaderNames(h http.Header) []string {
	var names []string
	for _, k := range f.keyOn {
		if l, ok := k.(HeaderLister); ok {
			names = append(names, l.HeaderNames(h)...)
		}
	}
	return names
}
