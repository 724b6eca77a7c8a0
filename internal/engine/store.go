package engine

import (
	"bytes"
	"cmp"
	"fmt"
	"sort"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// Recordings are added in an order that does not depend on timing, so that
// re-recording a test gives the same file. Round trips that overlap in time
// form a group (from the moment one starts with none in flight to the
// moment none is in flight again); the group is added when its last round
// trip ends, sorted by what was sent and received (see compareRecordings).
// A round trip that overlaps no other is a group of one, so sequential
// requests keep the order they were sent in.
type pending struct {
	inflight int      // round trips being recorded
	group    []stored // finished ones of the current group
}

type stored struct {
	in  *cassette.Interaction
	src int
}

// Begin notes that a round trip whose result may be stored has started.
// Every Begin must be followed by one End.
func (e *Engine) Begin() {
	e.mu.Lock()
	e.pending.inflight++
	e.mu.Unlock()
}

// End notes that a round trip has ended, with in to store under tag src (nil
// when nothing is to be stored), and adds its group, used, when no other
// round trip is in flight. It returns ErrClosed, storing nothing, when the
// engine was closed meanwhile.
func (e *Engine) End(in *cassette.Interaction, src int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pending.inflight--
	if e.closed {
		return ErrClosed
	}
	if in != nil {
		e.pending.group = append(e.pending.group, stored{in, src})
		e.recorded++
	}
	if e.pending.inflight == 0 {
		e.flushGroup()
	}
	return nil
}

// Store adds in at once, used, under tag src, and returns its position: for
// callers that store each interaction as it comes (serve) rather than in
// groups.
func (e *Engine) Store(in *cassette.Interaction, src int) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return 0, ErrClosed
	}
	e.recorded++
	return e.add(in, src, true), nil
}

// flushGroup sorts the finished recordings of the current group and adds
// them, used. e.mu must be held.
func (e *Engine) flushGroup() {
	if len(e.pending.group) == 1 { // nothing to sort: the usual case, one round trip at a time
		s := e.pending.group[0]
		e.pending.group = nil
		e.add(s.in, s.src, true)
		return
	}
	group := make([]recordingKey, len(e.pending.group))
	for i, s := range e.pending.group {
		group[i] = keyOf(s)
	}
	e.pending.group = nil
	sort.SliceStable(group, func(i, j int) bool { return compareRecordings(group[i], group[j]) < 0 })
	for _, k := range group {
		e.add(k.s.in, k.s.src, true)
	}
}

// Replace puts in at position id, where the recording it refreshes was, so
// that the file changes only there; it counts as used and stored.
func (e *Engine) Replace(id int, in *cassette.Interaction) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	old := e.entries[id]
	en := e.entry(in, old.src, true)
	if was, now := e.key(old.req), e.key(en.req); was != now {
		// An AfterCapture hook edited the request: file it under its
		// new key, in recorded order there.
		e.unfile(was, id)
		e.file(now, id)
	}
	e.entries[id] = en
	e.recorded++
	return nil
}

// recordingKey is what recordings in a group are sorted by: the request's
// method, URL and canonical body (so that a random multipart boundary or
// JSON key order does not change the order), then the response's status
// and body, then the headers of both.
type recordingKey struct {
	s                       stored
	method, url             string
	body                    []byte
	code                    int
	response                []byte
	reqHeaders, respHeaders string
}

func keyOf(s stored) recordingKey {
	in := s.in
	return recordingKey{
		s:           s,
		method:      in.Request.Method,
		url:         in.Request.URL,
		body:        match.CanonicalBody(&in.Request),
		code:        in.Response.Code,
		response:    in.Response.Body,
		reqHeaders:  fmt.Sprint(in.Request.Headers), // fmt sorts map keys
		respHeaders: fmt.Sprint(in.Response.Headers),
	}
}

func compareRecordings(a, b recordingKey) int {
	if c := strings.Compare(a.method, b.method); c != 0 {
		return c
	}
	if c := strings.Compare(a.url, b.url); c != 0 {
		return c
	}
	if c := bytes.Compare(a.body, b.body); c != 0 {
		return c
	}
	if c := cmp.Compare(a.code, b.code); c != 0 {
		return c
	}
	if c := bytes.Compare(a.response, b.response); c != 0 {
		return c
	}
	if c := strings.Compare(a.reqHeaders, b.reqHeaders); c != 0 {
		return c
	}
	return strings.Compare(a.respHeaders, b.respHeaders)
}
