package engine

import (
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// Events is how a recorded text/event-stream body is replayed: one event
// at a time, each at its recorded time under latency.
type Events struct {
	// Ends holds where each event ends in the body, in order.
	Ends []int
	// Times holds when each event had arrived, counted from when the
	// request was sent (cassette.Response.EventTimes); nil when they were
	// not recorded or do not match the events one for one.
	Times []time.Duration
}

// eventsOf returns the Events of rs, nil when its body is not a
// text/event-stream of at least one event.
func eventsOf(rs *cassette.Response) *Events {
	if len(rs.Body) == 0 || !cassette.IsEventStream(rs.Headers) {
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

// Events returns how the body replays as a stream of events, nil when it
// is not one. It must not be changed.
func (t *Template) Events() *Events { return t.events }
