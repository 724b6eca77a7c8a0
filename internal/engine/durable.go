package engine

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
	"github.com/tapedeck/recorder/store"
)

// A Durable answers requests from a store.Store instead of memory: it is the
// engine of a cache whose entries must survive the process (WithStore).
// Every recording answers every request that matches it (Reuse Always),
// each new or refreshed interaction is written to the store when End or
// Replace returns, and a lookup reads only the entries of the request's key.
// It is safe for concurrent use, also with other processes on one store.
type Durable struct {
	st      store.Store
	matcher match.Matcher
	red     *redact.Redactor
	ctx     context.Context

	mu       sync.Mutex
	closed   bool
	recorded int
}

// NewDurable returns the engine over st, matching with o.Matcher and, for a
// second try, redacting with o.Redactor. o.Reuse and o.Form do not apply.
func NewDurable(st store.Store, o Options) *Durable {
	if o.Matcher == nil {
		o.Matcher = match.Default()
	}
	return &Durable{st: st, matcher: o.Matcher, red: o.Redactor, ctx: context.Background()}
}

// maxClosest is how many stored entries Closest compares, at most: a miss
// report over a large cache reads the first ones only.
const maxClosest = 10000

func (d *Durable) isClosed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.closed
}

// Claim finds the stored entry that answers live: first as sent, then
// redacted, as Engine.Claim does. Store errors are returned.
func (d *Durable) Claim(live *cassette.Request) (Hit, *cassette.Request, error) {
	if d.isClosed() {
		return Hit{}, live, ErrClosed
	}
	hit, err := d.claim(live)
	if err != nil || hit.Interaction != nil || d.red == nil || !d.red.Touches(*live) {
		return hit, live, err
	}
	red := d.red.Request(*live)
	hit, err = d.claim(&red)
	return hit, &red, err
}

func (d *Durable) claim(live *cassette.Request) (Hit, error) {
	entries, err := d.st.Get(d.ctx, store.Key(live.Method, live.URL))
	if err != nil {
		return Hit{}, err
	}
	for _, en := range entries {
		in := en.Interaction
		if v := match.VaryFields(in.Response.Headers); v != nil && match.Varies(v, live.Headers, in.Request.Headers) != nil {
			continue
		}
		if d.matcher.Match(live, &in.Request) == nil {
			return Hit{ID: int(en.ID), Interaction: in, Template: NewTemplate(&in.Response), Repeated: true}, nil
		}
	}
	return Hit{}, nil
}

// Begin does nothing: each interaction is written as it comes.
func (d *Durable) Begin() {}

// End writes in to the store (nothing when in is nil) and returns when it is
// durable.
func (d *Durable) End(in *cassette.Interaction, _ int) error {
	if in == nil {
		return nil
	}
	return d.put(in, 0)
}

// Replace writes in in place of the entry with this ID, in one step.
func (d *Durable) Replace(id int, in *cassette.Interaction) error {
	return d.put(in, int64(id))
}

func (d *Durable) put(in *cassette.Interaction, replace int64) error {
	if d.isClosed() {
		return ErrClosed
	}
	if _, err := d.st.Put(d.ctx, store.Key(in.Request.Method, in.Request.URL), in, replace); err != nil {
		return err
	}
	d.mu.Lock()
	d.recorded++
	d.mu.Unlock()
	return nil
}

// Closest ranks the entries of live's key, or when it has none the first
// maxClosest entries of the store, as Engine.Closest ranks recordings.
func (d *Durable) Closest(live *cassette.Request) ([]Candidate, int) {
	entries, err := d.st.Get(d.ctx, store.Key(live.Method, live.URL))
	if err == nil && len(entries) == 0 {
		errStop := errors.New("enough")
		err = d.st.Scan(d.ctx, func(en store.Entry) error {
			entries = append(entries, en)
			if len(entries) == maxClosest {
				return errStop
			}
			return nil
		})
		if errors.Is(err, errStop) {
			err = nil
		}
	}
	if err != nil {
		return nil, 0
	}
	e := New(Options{Matcher: d.matcher})
	ins := make([]*cassette.Interaction, len(entries))
	for i, en := range entries {
		ins[i] = en.Interaction
	}
	e.Load(ins, 0)
	cands, used := e.Closest(live)
	for i := range cands {
		cands[i].ID = int(entries[cands[i].ID].ID)
	}
	return cands, used
}

// InvalidateURLs deletes the stored GET and HEAD entries of these URLs, and
// returns how many it deleted.
func (d *Durable) InvalidateURLs(urls []string) int {
	var ids []int64
	for _, u := range urls {
		for _, m := range []string{http.MethodGet, http.MethodHead} {
			entries, err := d.st.Get(d.ctx, store.Key(m, u))
			if err != nil {
				continue
			}
			for _, en := range entries {
				ids = append(ids, en.ID)
			}
		}
	}
	if len(ids) == 0 || d.st.Delete(d.ctx, ids...) != nil {
		return 0
	}
	return len(ids)
}

// Interactions returns nothing: a store is not saved as a cassette.
func (d *Durable) Interactions() ([]*cassette.Interaction, []bool) { return nil, nil }

// Closed reports whether Close or Discard was called.
func (d *Durable) Closed() bool { return d.isClosed() }

// Close stops the engine (the caller closes the store) and returns how many
// interactions were written since NewDurable, and false when it was
// already closed.
func (d *Durable) Close() (int, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return d.recorded, false
	}
	d.closed = true
	return d.recorded, true
}

// Discard is Close: what was written is durable already.
func (d *Durable) Discard() int {
	n, _ := d.Close()
	return n
}
