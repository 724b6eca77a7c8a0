package recorder

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/tapedeck/recorder/cassette"
)

// hookConfig holds the hooks, in the order they were given.
type hookConfig struct {
	afterCapture []func(*cassette.Interaction) error
	beforeSave   []func(*cassette.Cassette) error
	beforeReplay []func(*cassette.Interaction) error
}

// AfterCapture runs fn on every interaction the Recorder records, to edit
// it before it is stored: drop a header, normalise a timestamp in a body,
// remove a value no filter describes. The order for each recorded request is
//
//	the real transport answers -> AfterCapture hooks -> redaction -> stored
//
// so fn sees the interaction as it went over the wire, secrets included,
// and redaction applies to what fn leaves. The client gets the response as
// the server sent it, whatever fn does: hooks and redaction change only
// what is stored (and so what later runs replay).
//
// fn gets its own copy of the interaction and may change any field; a
// change to the request that makes it differ from the live one makes
// replay miss, unless the matcher ignores what changed. Hooks run in the
// order given. An error from fn is returned by RoundTrip and the
// interaction is not recorded; for a response that reaches the client as
// it arrives (an event stream, a body of unknown length or one above the
// WithBodyFiles threshold), fn runs when the body has been read to its end,
// and the error is returned by that last Read (or by Close) and fails the
// test. A body in a body file is not in in.Response.Body: fn sees its
// BodyFile and BodySize.
func AfterCapture(fn func(in *cassette.Interaction) error) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("AfterCapture(nil): pass a function that edits the interaction")
		}
		c.afterCapture = append(c.afterCapture, fn)
		return nil
	}
}

// BeforeSave runs fn on the cassette just before it is saved, to edit it as
// a whole: sort or drop interactions, set the Comment. The order is
//
//	BeforeSave hooks -> secret scan -> written to the file
//
// so the scan checks what fn leaves, and nothing is written if it finds a
// credential. The interactions fn sees were redacted when they were
// recorded; values fn adds are not redacted, only scanned.
//
// fn gets a copy of the cassette, deep enough to change anything in it:
// what it changes is written, while the Recorder keeps its own view (the
// report of unused interactions, for one, is about what the test used). fn
// runs only when the cassette is saved: when this run recorded something
// (or a new seed, see Recorder.Seed), at Close or when the test ends. The
// Recorder is closed by then. Hooks run in the order given; an error from
// fn stops the save, nothing is written, and Close (or, under New, the
// test) reports it.
func BeforeSave(fn func(c *cassette.Cassette) error) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("BeforeSave(nil): pass a function that edits the cassette")
		}
		c.beforeSave = append(c.beforeSave, fn)
		return nil
	}
}

// BeforeReplay runs fn on every interaction the Recorder replays, to edit
// the response handed to the client: a fresh Date header, a request ID
// copied from somewhere else. The order for each replayed request is
//
//	matched -> placeholders of redact.Secret filters restored -> BeforeReplay hooks -> (latency) -> client
//
// fn gets a copy of the recorded interaction (its Request as recorded and
// redacted, its Response with secrets restored) and may change any field;
// the cassette keeps what was recorded. Changing Duration changes the
// latency WithLatency replays. Hooks run in the order given. An error from
// fn is returned by RoundTrip; the recording counts as used.
func BeforeReplay(fn func(in *cassette.Interaction) error) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("BeforeReplay(nil): pass a function that edits the interaction")
		}
		c.beforeReplay = append(c.beforeReplay, fn)
		return nil
	}
}

// capture turns a recorded interaction into the one that is stored: the
// AfterCapture hooks, then redaction.
func (r *Recorder) capture(in *cassette.Interaction) (*cassette.Interaction, error) {
	if len(r.set.afterCapture) > 0 {
		in = copyInteraction(in)
		for _, fn := range r.set.afterCapture {
			if err := fn(in); err != nil {
				return nil, fmt.Errorf("tapedeck: %s %s: an AfterCapture hook failed, so the interaction was not recorded: %w",
					in.Request.Method, in.Request.URL, err)
			}
		}
	}
	return r.set.red.Interaction(in), nil
}

// beforeSave returns the cassette to save, c itself without BeforeSave
// hooks, else a copy that the hooks have edited.
func (r *Recorder) beforeSave(c *cassette.Cassette) (*cassette.Cassette, error) {
	if len(r.set.beforeSave) == 0 {
		return c, nil
	}
	edited := *c
	if c.Seed != nil {
		seed := *c.Seed
		edited.Seed = &seed
	}
	edited.Interactions = make([]*cassette.Interaction, len(c.Interactions))
	for i, in := range c.Interactions {
		edited.Interactions[i] = copyInteraction(in)
	}
	for _, fn := range r.set.beforeSave {
		if err := fn(&edited); err != nil {
			return nil, fmt.Errorf("tapedeck: %s was not saved: a BeforeSave hook failed, and nothing was written: %w", r.set.path, err)
		}
	}
	return &edited, nil
}

// beforeReplay runs the BeforeReplay hooks on out, a copy of a recording.
func (r *Recorder) beforeReplay(out *cassette.Interaction) error {
	for _, fn := range r.set.beforeReplay {
		if err := fn(out); err != nil {
			return fmt.Errorf("tapedeck: %s %s: a BeforeReplay hook failed: %w", out.Request.Method, out.Request.URL, err)
		}
	}
	return nil
}

// copyInteraction copies in deeply enough for a hook to change anything in
// it, bodies included, without touching in.
func copyInteraction(in *cassette.Interaction) *cassette.Interaction {
	out := *in
	out.Request.Headers = in.Request.Headers.Clone()
	out.Request.Body = bytes.Clone(in.Request.Body)
	out.Response.Headers = in.Response.Headers.Clone()
	out.Response.Trailers = in.Response.Trailers.Clone()
	out.Response.Body = bytes.Clone(in.Response.Body)
	out.Response.EventTimes = slices.Clone(in.Response.EventTimes)
	out.Response.Chunks = slices.Clone(in.Response.Chunks)
	return &out
}
