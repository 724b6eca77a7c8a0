package recorder

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/internal/engine"
)

// events makes a replayed text/event-stream body hand over one event per
// Read (a body recorded in chunks, one chunk), so that a client sees the
// stream as the server sent it, and, when paced (WithLatency), each no
// sooner than its recorded time.
type events struct {
	ends []int // where each event ends in the body
	next int   // the first event not wholly read
	// times holds when each event is due, counted from start; nil to hand
	// them over at once.
	times []time.Duration
	start time.Time
	req   *http.Request
	unit  string // what a piece is, for errors: "event" or "chunk"
}

// newEvents returns the events of a body that ev describes.
func newEvents(ev *engine.Events) *events {
	e := &events{ends: ev.Ends, unit: "event"}
	if ev.Chunks {
		e.unit = "chunk"
	}
	return e
}

// pace makes e hand over each event at its recorded time times fraction,
// counted from start, or fail the Read with the context's error when req's
// context is done first. Without recorded times it does nothing.
func (e *events) pace(req *http.Request, ev *engine.Events, start time.Time, fraction float64) {
	if ev.Times == nil {
		return
	}
	e.times = make([]time.Duration, len(ev.Times))
	for i, t := range ev.Times {
		e.times[i] = time.Duration(float64(t) * fraction)
	}
	e.start, e.req = start, req
}

// read reads from r, the whole body, up to the end of the event at the
// reader's position, once it is due.
func (e *events) read(r *bytes.Reader, p []byte) (int, error) {
	pos := int(r.Size()) - r.Len()
	for e.next < len(e.ends) && e.ends[e.next] <= pos {
		e.next++
	}
	if e.next == len(e.ends) || len(p) == 0 {
		return r.Read(p)
	}
	if err := e.wait(e.next); err != nil {
		return 0, err
	}
	if n := e.ends[e.next] - pos; len(p) > n {
		p = p[:n]
	}
	return r.Read(p)
}

// wait waits until event i is due, or until the request's context is done.
func (e *events) wait(i int) error {
	if i >= len(e.times) {
		return nil
	}
	d := time.Until(e.start.Add(e.times[i]))
	if d <= 0 {
		return nil
	}
	ctx := e.req.Context()
	if ctx.Done() == nil {
		time.Sleep(d)
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("tapedeck: %s %s: the request was cancelled while replay waited for %s %d of %d of the "+
			"stream, recorded %v after the request: %w", e.req.Method, e.req.URL, e.unit, i+1, len(e.ends), e.times[i], context.Cause(ctx))
	}
}

// writeTo writes the rest of the body from r to w, event by event.
func (e *events) writeTo(r *bytes.Reader, w io.Writer) (int64, error) {
	var total int64
	buf := make([]byte, 32<<10)
	for {
		n, err := e.read(r, buf)
		if n > 0 {
			m, werr := w.Write(buf[:n])
			total += int64(m)
			if werr != nil {
				return total, werr
			}
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}
