package match

// An ExactKeyer is a Keyer whose key decides on its own: KeyIsExact reports
// whether Match accepts two requests exactly when Key writes the same bytes
// for them. A recorder that finds a single recording under a live request's
// key then replays it without calling Match, which for bodies means without
// decoding them a second time.
//
// Method, URL, Scheme, Host, Path and Body (with JSON and Form) are exact;
// All is exact when every matcher in it is. A Func never is: its key covers
// only what KeyOn names.
//
// Keys are compared as 64-bit hashes seeded at random per process, so two
// different keys are taken for one with a probability of about n²/2⁶⁵ for n
// recordings: one in ten million million at 10,000.
type ExactKeyer interface {
	Keyer
	KeyIsExact() bool
}

// IsExact reports whether m is an ExactKeyer whose key is exact.
func IsExact(m Matcher) bool {
	e, ok := m.(ExactKeyer)
	return ok && e.KeyIsExact()
}

// KeyIsExact is true: the method is the key.
func (method) KeyIsExact() bool { return true }

// KeyIsExact is true: the URL is the key.
func (fullURL) KeyIsExact() bool { return true }

// KeyIsExact is true: the part of the URL is the key.
func (urlPart) KeyIsExact() bool { return true }

// KeyIsExact is true unless an option is malformed (every request is then a
// mismatch): bodies match exactly when they have the same kind and canonical
// bytes, which is what the key holds.
func (m bodyMatcher) KeyIsExact() bool { return m.rd.json == nil || m.rd.json.err == nil }

// KeyIsExact is true when every matcher of a is exact: a key is the keys of
// the parts, in order, each followed by a NUL byte.
func (a all) KeyIsExact() bool {
	if len(a.keyers) != len(a.ms) {
		return false
	}
	for _, m := range a.ms {
		if !IsExact(m) {
			return false
		}
	}
	return true
}
