package engine

import (
	"io"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// readEvents reads a text/event-stream body whole and returns it with when
// each of its events (as cassette.SplitEvents splits it) had arrived,
// counted from start: the time of the read that brought the event's last
// byte, rounded as cassette.RoundDuration rounds.
func readEvents(r io.Reader, start time.Time, now func() time.Time) ([]byte, []time.Duration, error) {
	// A read is one mark: how much of the body had arrived, and when.
	type mark struct {
		size int
		at   time.Duration
	}
	var marks []mark
	body := make([]byte, 0, 4096)
	for {
		if len(body) == cap(body) {
			body = append(body, 0)[:len(body)]
		}
		n, err := r.Read(body[len(body):cap(body)])
		if n > 0 {
			body = body[:len(body)+n]
			marks = append(marks, mark{len(body), now().Sub(start)})
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
	}
	events := cassette.SplitEvents(body)
	if len(events) == 0 {
		return body, nil, nil
	}
	times := make([]time.Duration, 0, len(events))
	end, m := 0, 0
	for _, e := range events {
		end += len(e)
		for marks[m].size < end {
			m++
		}
		times = append(times, cassette.RoundDuration(marks[m].at))
	}
	return body, times, nil
}
