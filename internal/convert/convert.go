// Package convert holds what tapedeck's importers (internal/har,
// internal/govcr) share: the Result of reading a file in another format,
// with where each interaction came from and notes on what the conversion
// left out, and the bounds a recorded duration must keep.
package convert

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/english"
)

// A Result is what an importer made of a file: the interactions in file
// order, where each came from, and notes on what the cassette loses.
type Result struct {
	Interactions []*cassette.Interaction
	// Sources names, one per interaction, where it is in the input:
	// "file:line" or "file entry 3", for messages.
	Sources []string
	// Notes are for the person who imports: what was left out or
	// guessed, one sentence each.
	Notes []string
}

// Add appends an interaction and where it came from.
func (r *Result) Add(in *cassette.Interaction, source string) {
	r.Interactions = append(r.Interactions, in)
	r.Sources = append(r.Sources, source)
}

// Notef adds a note.
func (r *Result) Notef(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Drops counts, per kind, what a conversion leaves out of the
// interactions, for one note per kind. The zero value is ready to use.
type Drops struct {
	kinds  []string
	counts map[string]int
}

// Add counts one interaction that lost kind ("request trailers ...").
func (d *Drops) Add(kind string) {
	if d.counts == nil {
		d.counts = map[string]int{}
	}
	if d.counts[kind] == 0 {
		d.kinds = append(d.kinds, kind)
	}
	d.counts[kind]++
}

// Notes returns one note per kind, in the order they were first added:
// "left out request trailers ..., in 2 interactions".
func (d *Drops) Notes() []string {
	var out []string
	for _, k := range d.kinds {
		out = append(out, fmt.Sprintf("left out %s, in %s", k, english.Plural(d.counts[k], "interaction")))
	}
	return out
}

// MaxDuration is the longest time a request may have taken for an
// importer to accept it: a day. Recorded exchanges take milliseconds to
// minutes; a longer or negative value is a broken file, and replay with
// the recorded latency would wait that long.
const MaxDuration = 24 * time.Hour

// DurationProblem says what is wrong with d as the time a request took
// ("is negative", "is longer than a day"), or returns "" when nothing is.
func DurationProblem(d time.Duration) string {
	switch {
	case d < 0:
		return "is negative"
	case d > MaxDuration:
		return "is longer than a day"
	}
	return ""
}

// EmptyToNil returns nil for an empty header, which a cassette leaves out,
// and h otherwise.
func EmptyToNil(h http.Header) http.Header {
	if len(h) == 0 {
		return nil
	}
	return h
}

// BytesOrNil returns s as a body: nil when it is empty, as a cassette
// leaves an empty body out.
func BytesOrNil(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}
