package engine

import (
	"io"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// readEvents reads a text/event-stream body whole and returns it with when
// each of its events (as cassette.SplitEvents splits it) had arrived,
// as since tells them: the time of the read that brought the event's last
// byte, rounded as cassette.RoundDuration rounds.
func readEvents(r io.Reader, since func() time.Duration) ([]byte, []time.Duration, error) {
	body, marks, err := readMarked(r, since)
	if err != nil {
		return nil, nil, err
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

// maxChunks bounds the pieces noted of a body: past it, the body is
// replayed whole.
const maxChunks = 10000

// readChunks reads a body of unknown length whole and returns it with the
// pieces it arrived in: the bytes that arrived within the same millisecond
// are one piece. A body that came in one piece, or in more than maxChunks,
// has none.
func readChunks(r io.Reader, since func() time.Duration) ([]byte, []cassette.Chunk, error) {
	body, marks, err := readMarked(r, since)
	if err != nil {
		return nil, nil, err
	}
	var chunks []cassette.Chunk
	prev := 0
	for _, m := range marks {
		at := cassette.RoundDuration(m.at)
		if n := len(chunks); n > 0 && chunks[n-1].At >= at {
			chunks[n-1].Size += m.size - prev
		} else {
			chunks = append(chunks, cassette.Chunk{Size: m.size - prev, At: at})
		}
		prev = m.size
	}
	if len(chunks) <= 1 || len(chunks) > maxChunks {
		return body, nil, nil
	}
	return body, chunks, nil
}

// A mark is how much of a body had arrived after a read, and when.
type mark struct {
	size int
	at   time.Duration
}

// readMarked reads r whole and returns it with a mark for each read that
// returned bytes.
func readMarked(r io.Reader, since func() time.Duration) ([]byte, []mark, error) {
	var marks []mark
	body := make([]byte, 0, 4096)
	for {
		if len(body) == cap(body) {
			body = append(body, 0)[:len(body)]
		}
		n, err := r.Read(body[len(body):cap(body)])
		if n > 0 {
			body = body[:len(body)+n]
			marks = append(marks, mark{len(body), since()})
		}
		if err == io.EOF {
			return body, marks, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
}
