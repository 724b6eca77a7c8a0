// Package engine is the replay and record engine that the recorder and
// tapedeck serve share: the index of recorded requests, the rules by which a
// live request claims a recording, the ranking of the closest recordings for
// a miss report, sending a request and turning what came back into an
// interaction, and storing new and refreshed interactions in a deterministic
// order.
//
// An Engine knows nothing of modes, expiry or tests: its callers decide what
// to do with a request and use it to do it. It is safe for concurrent use.
// An Engine holds a cassette's interactions in memory; a Durable answers the
// same calls from a store.Store, for a cache that must outlive the process.
package engine

import (
	"errors"
	"hash/maphash"
	"slices"
	"sync"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

// ErrClosed is what every call returns once Close was called.
var ErrClosed = errors.New("closed")

// Reuse says whether a recording answers more than one request.
type Reuse int

const (
	// Once: each recording answers one request; equal requests get the
	// recordings in recorded order (a test's script of calls).
	Once Reuse = iota
	// Last: as Once, and once every match was used the last one answers
	// again (WithRepeats, for polling loops; tapedeck serve).
	Last
	// Always: the first match answers every request (a cache).
	Always
)

// An Engine holds the interactions of a cassette (or of several, tagged by
// source) and answers requests from them.
type Engine struct {
	matcher match.Matcher
	keyer   match.Keyer // nil: every request has key 0
	exact   bool        // the key decides a match (match.IsExact)
	red     *redact.Redactor
	reuse   Reuse
	form    func(*cassette.Request) cassette.Request // nil: match recorded requests as they are
	seed    maphash.Seed

	mu       sync.Mutex
	entries  []entry
	index    map[uint64]slot
	pending  pending // round trips being recorded, see store.go
	recorded int     // interactions stored since New
	closed   bool

	invalidated int // entries gone by Invalidate

}

// An entry is one recorded interaction. Entries are held by value, and a
// key with one recording keeps it in the index itself, so that a replay
// touches as little memory as it can.
type entry struct {
	in  *cassette.Interaction
	req *cassette.Request // what live requests are matched with: &in.Request, or a form of it (serve)
	// tmpl is the response ready to replay, built at the first claim:
	// most recordings of a run that records are never replayed in it.
	tmpl *Template
	src  int // the caller's tag: which cassette it came from
	used bool
	// vary are the request fields the response's Vary header names (nil
	// for none): a live request must agree with the recorded one on them
	// (see match.Varies).
	vary []string
	// gone is set when the entry was invalidated (see Invalidate): it is
	// out of the index and no longer among the Interactions.
	gone bool
}

// A slot is what the index holds for one key: the one entry with that key,
// or, when there are several, their bucket.
type slot struct {
	id int
	b  *bucket
}

// A bucket holds the entries whose requests have one key, in recorded
// order. The entries before next are all used.
type bucket struct {
	ids  []int
	next int
}

// file adds entry id under key k, after the entries with smaller ids. e.mu
// must be held.
func (e *Engine) file(k uint64, id int) {
	s, ok := e.index[k]
	switch {
	case !ok:
		e.index[k] = slot{id: id}
	case s.b == nil:
		ids := []int{s.id, id}
		if id < s.id {
			ids[0], ids[1] = id, s.id
		}
		e.index[k] = slot{b: &bucket{ids: ids}}
	default:
		at, _ := slices.BinarySearch(s.b.ids, id)
		s.b.ids = slices.Insert(s.b.ids, at, id)
		s.b.next = 0
	}
}

// unfile takes entry id out of key k. e.mu must be held.
func (e *Engine) unfile(k uint64, id int) {
	s, ok := e.index[k]
	switch {
	case !ok:
	case s.b == nil:
		if s.id == id {
			delete(e.index, k)
		}
	default:
		if i := slices.Index(s.b.ids, id); i >= 0 {
			s.b.ids = slices.Delete(s.b.ids, i, i+1)
			s.b.next = 0
		}
		if len(s.b.ids) == 1 {
			e.index[k] = slot{id: s.b.ids[0]}
		}
	}
}

// Options are what an Engine matches and claims by.
type Options struct {
	// Matcher compares live requests with recorded ones; nil means
	// match.Default().
	Matcher match.Matcher
	// Redactor, when a live request matches nothing as it was sent,
	// redacts it for a second try (nil: no second try). Requests loaded
	// from a file are redacted with it too.
	Redactor *redact.Redactor
	// Reuse says whether a recording answers more than one request.
	Reuse Reuse
	// Form, when not nil, gives the request that live requests are matched
	// with instead of the recorded one (serve matches URLs in origin form).
	Form func(*cassette.Request) cassette.Request
}

// New returns an Engine with no interactions.
func New(o Options) *Engine {
	if o.Matcher == nil {
		o.Matcher = match.Default()
	}
	e := &Engine{matcher: o.Matcher, red: o.Redactor, reuse: o.Reuse, form: o.Form, seed: maphash.MakeSeed(), index: make(map[uint64]slot)}
	e.keyer, _ = o.Matcher.(match.Keyer)
	e.exact = e.keyer != nil && match.IsExact(o.Matcher)
	return e
}

// Load adds interactions read from a file, unused, tagged src, and returns
// the position of the first. Their requests are redacted in place, so that
// recordings hold only redacted values whatever wrote the file (Claim
// relies on it).
func (e *Engine) Load(ins []*cassette.Interaction, src int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	first := len(e.entries)
	for _, in := range ins {
		if e.red != nil && e.red.Touches(in.Request) {
			in.Request = e.red.Request(in.Request)
		}
		e.add(in, src, false)
	}
	return first
}

// add files in as a new entry. e.mu must be held.
func (e *Engine) add(in *cassette.Interaction, src int, used bool) int {
	id := len(e.entries)
	e.entries = append(e.entries, e.entry(in, src, used))
	e.file(e.key(e.entries[id].req), id)
	return id
}

// entry makes the entry of in.
func (e *Engine) entry(in *cassette.Interaction, src int, used bool) entry {
	en := entry{in: in, req: &in.Request, src: src, used: used, vary: match.VaryFields(in.Response.Headers)}
	if e.form != nil {
		r := e.form(&in.Request)
		en.req = &r
	}
	return en
}

// key hashes what the matcher keys on; without a Keyer every request has
// key 0 and a claim compares with each recording.
func (e *Engine) key(req *cassette.Request) uint64 {
	if e.keyer == nil {
		return 0
	}
	h := hashPool.Get().(*maphash.Hash)
	h.SetSeed(e.seed)
	e.keyer.Key(req, h)
	k := h.Sum64()
	hashPool.Put(h)
	return k
}

var hashPool = sync.Pool{New: func() any { return new(maphash.Hash) }}

// Len returns how many interactions the engine holds.
func (e *Engine) Len() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.entries)
}

// Interactions returns the interactions in order, and which of them were
// used (claimed, stored or refreshed) since New.
func (e *Engine) Interactions() ([]*cassette.Interaction, []bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ins := make([]*cassette.Interaction, len(e.entries))
	used := make([]bool, len(e.entries))
	for i, en := range e.entries {
		ins[i], used[i] = en.in, en.used
	}
	if e.invalidated > 0 {
		ins, used = live(e.entries, ins, used)
	}
	return ins, used
}

// Source returns the tag of interaction id.
func (e *Engine) Source(id int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.entries[id].src
}

// ResetUsed makes every recording claimable again (for benchmarks that
// cycle through a cassette).
func (e *Engine) ResetUsed() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range e.entries {
		e.entries[i].used = false
	}
	for _, s := range e.index {
		if s.b != nil {
			s.b.next = 0
		}
	}
}

// Closed reports whether Close was called.
func (e *Engine) Closed() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// Close stops the engine: the round trips still being recorded are stored
// in order, and every later call fails with ErrClosed. It returns how many
// interactions were stored since New, and false when it was already closed.
func (e *Engine) Close() (stored int, first bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return e.recorded, false
	}
	e.flushGroup()
	e.closed = true
	return e.recorded, true
}

// Discard stops the engine without storing the round trips in flight, and
// returns how many interactions were stored since New (0 when it was
// already closed).
func (e *Engine) Discard() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return 0
	}
	e.closed = true
	return e.recorded
}
