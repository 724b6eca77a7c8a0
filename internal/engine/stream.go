package engine

import (
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// Events is how a recorded text/event-stream body, or one recorded in
// chunks, is replayed: one event (chunk) at a time, each at its recorded
// time under latency.
type Events struct {
	// Ends holds where each event ends in the body, in order.
	Ends []int
	// Times holds when each event had arrived, counted from when the
	// request was sent (cassette.Response.EventTimes); nil when they were
	// not recorded or do not match the events one for one.
	Times []time.Duration
	// Chunks says the pieces are the chunks the body arrived in
	// (cassette.Response.Chunks), not server-sent events.
	Chunks bool
}

// eventsOf returns the Events of rs, nil when its body is neither a
// text/event-stream of at least one event nor recorded in chunks.
func eventsOf(rs *cassette.Response) *Events {
	if len(rs.Body) == 0 {
		return nil
	}
	if len(rs.Chunks) > 0 {
		return chunksOf(rs)
	}
	if !cassette.IsEventStream(rs.Headers) {
		return nil
	}
	events := cassette.SplitEvents(rs.Body)
	ev := &Events{Ends: make([]int, len(events))}
	end := 0
	for i, e := range events {
		end += len(e)
		ev.Ends[i] = end
	}
	if len(rs.EventTimes) == len(events) {
		ev.Times = rs.EventTimes
	}
	return ev
}

// chunksOf returns the Events of a body recorded in rs.Chunks, each chunk
// an event; nil when the chunks do not add up to the body.
func chunksOf(rs *cassette.Response) *Events {
	ev := &Events{Ends: make([]int, len(rs.Chunks)), Times: make([]time.Duration, len(rs.Chunks)), Chunks: true}
	end := 0
	for i, c := range rs.Chunks {
		if c.Size <= 0 {
			return nil
		}
		end += c.Size
		ev.Ends[i], ev.Times[i] = end, c.At
	}
	if end != len(rs.Body) {
		return nil
	}
	return ev
}

// Events returns how the body replays as a stream of events, nil when it
// is not one. It must not be changed.
func (t *Template) Events() *Events { return t.events }
