package recorder

import (
	"bytes"
	"cmp"
	"fmt"
	"sort"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// Recordings are added to the cassette in an order that does not depend on
// timing, so that re-recording a test gives the same file. Round trips that
// overlap in time form a group (from the moment one starts with none in
// flight to the moment none is in flight again); the group is added when
// its last round trip ends, sorted by what was sent and received (see
// compareRecordings). A round trip that overlaps no other is a group of
// one, so sequential requests keep the order they were sent in.
type pending struct {
	inflight int                     // round trips being recorded
	group    []*cassette.Interaction // finished ones of the current group
}

// beginRecording notes that a round trip to be recorded has started.
func (r *Recorder) beginRecording() {
	r.mu.Lock()
	r.pending.inflight++
	r.mu.Unlock()
}

// endRecording notes that a round trip has ended, with in to record (nil
// when it failed), and adds the group to the cassette when no other round
// trip is in flight. It reports false, recording nothing, when the recorder
// was closed meanwhile.
func (r *Recorder) endRecording(in *cassette.Interaction) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending.inflight--
	if r.closed {
		return false
	}
	if in != nil {
		r.pending.group = append(r.pending.group, in)
		r.recorded++
		r.dirty = true
	}
	if r.pending.inflight == 0 {
		r.flushGroup()
	}
	return true
}

// flushGroup sorts the finished recordings of the current group and adds
// them to the cassette, used. r.mu must be held.
func (r *Recorder) flushGroup() {
	group := make([]recordingKey, len(r.pending.group))
	for i, in := range r.pending.group {
		group[i] = keyOf(in)
	}
	r.pending.group = nil
	sort.SliceStable(group, func(i, j int) bool { return compareRecordings(group[i], group[j]) < 0 })
	for _, k := range group {
		r.cas.Interactions = append(r.cas.Interactions, k.in)
		r.used = append(r.used, true)
		r.indexAdd(len(r.cas.Interactions)-1, &k.in.Request)
	}
}

// recordingKey is what recordings in a group are sorted by: the request's
// method, URL and canonical body (so that a random multipart boundary or
// JSON key order does not change the order), then the response's status
// and body, then the headers of both.
type recordingKey struct {
	in                      *cassette.Interaction
	method, url             string
	body                    []byte
	code                    int
	response                []byte
	reqHeaders, respHeaders string
}

func keyOf(in *cassette.Interaction) recordingKey {
	return recordingKey{
		in:          in,
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
