package engine

import (
	"io"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// A Capture keeps a response body as it is read, with how much of it had
// arrived after each read and when, so that the body can be stored with
// the times of its events or chunks.
type Capture struct {
	since func() time.Duration
	body  []byte
	marks []mark
}

// NewCapture returns a Capture that times the reads with since, for a
// body of length bytes (a Content-Length; -1 when unknown).
func NewCapture(since func() time.Duration, length int64) *Capture {
	size := int64(4096)
	if length >= 0 && length < size {
		size = length + 1 // room for the read that finds the end
	}
	return &Capture{since: since, body: make([]byte, 0, size)}
}

// Add keeps p, the bytes one read returned.
func (c *Capture) Add(p []byte) {
	if len(p) == 0 {
		return
	}
	c.body = append(c.body, p...)
	c.marks = append(c.marks, mark{len(c.body), c.since()})
}

// Len is how many bytes have been kept.
func (c *Capture) Len() int { return len(c.body) }

// Body returns the bytes kept so far.
func (c *Capture) Body() []byte { return c.body }

// ReadFrom keeps what r returns until io.EOF, one Add per read.
func (c *Capture) ReadFrom(r io.Reader) (int64, error) {
	start := len(c.body)
	for {
		if len(c.body) == cap(c.body) {
			c.body = append(c.body, 0)[:len(c.body)]
		}
		n, err := r.Read(c.body[len(c.body):cap(c.body)])
		if n > 0 {
			c.body = c.body[:len(c.body)+n]
			c.marks = append(c.marks, mark{len(c.body), c.since()})
		}
		if err == io.EOF {
			return int64(len(c.body) - start), nil
		}
		if err != nil {
			return int64(len(c.body) - start), err
		}
	}
}

// Result returns the body kept, with, for a text/event-stream (by h),
// when each event had arrived, and for a body of unknown length, the
// chunks it arrived in.
func (c *Capture) Result(h http.Header, unknownLength bool) (body []byte, times []time.Duration, chunks []cassette.Chunk) {
	switch {
	case cassette.IsEventStream(h):
		return c.body, c.eventTimes(), nil
	case unknownLength:
		return c.body, nil, c.chunks()
	}
	return c.body, nil, nil
}

// eventTimes returns when each event of the body had arrived.
func (c *Capture) eventTimes() []time.Duration {
	events := cassette.SplitEvents(c.body)
	if len(events) == 0 {
		return nil
	}
	times := make([]time.Duration, 0, len(events))
	end, m := 0, 0
	for _, e := range events {
		end += len(e)
		for c.marks[m].size < end {
			m++
		}
		times = append(times, cassette.RoundDuration(c.marks[m].at))
	}
	return times
}

// maxChunks bounds the pieces noted of a body: past it, the body is
// replayed whole.
const maxChunks = 10000

// chunks returns the pieces the body arrived in: the bytes that arrived
// within the same millisecond are one piece. A body that came in one
// piece, or in more than maxChunks, has none.
func (c *Capture) chunks() []cassette.Chunk {
	var chunks []cassette.Chunk
	prev := 0
	for _, m := range c.marks {
		at := cassette.RoundDuration(m.at)
		if n := len(chunks); n > 0 && chunks[n-1].At >= at {
			chunks[n-1].Size += m.size - prev
		} else {
			chunks = append(chunks, cassette.Chunk{Size: m.size - prev, At: at})
		}
		prev = m.size
	}
	if len(chunks) <= 1 || len(chunks) > maxChunks {
		return nil
	}
	return chunks
}

// A mark is how much of a body had arrived after a read, and when.
type mark struct {
	size int
	at   time.Duration
}
