package engine

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// An Exchange is a request sent and the head of its response received:
// the body is still to be read, as the client reads it or whole by Fetch.
type Exchange struct {
	// Resp is the response as the transport returned it.
	Resp *http.Response
	// Request is the request to record with it.
	Request cassette.Request
	now     func() time.Time
	start   time.Time // by now, for RecordedAt and Duration
	wall    time.Time // on the monotonic clock, for the times of events and chunks
}

// Send sends out through rt and returns the exchange, to record req (the
// request as the caller made it, which may differ from out, say by
// validators added for a revalidation) with the response. A transport
// error is returned as it is.
func Send(rt http.RoundTripper, out *http.Request, req cassette.Request, now func() time.Time) (*Exchange, error) {
	x := &Exchange{Request: req, now: now, start: now(), wall: time.Now()}
	resp, err := rt.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	x.Resp = resp
	return x, nil
}

// Since is how long ago the request was sent, on the monotonic clock
// (replay waits for events and chunks by it, whatever now is).
func (x *Exchange) Since() time.Duration { return time.Since(x.wall) }

// Interaction returns the interaction to record, with response body
// body (and the times of its events, or its chunks), received by now. It
// takes the response's header map as it is, not a copy: whoever hands
// the client x.Resp itself must give it a copy of the header.
func (x *Exchange) Interaction(body []byte, times []time.Duration, chunks []cassette.Chunk) *cassette.Interaction {
	end := x.now()
	resp := x.Resp
	return &cassette.Interaction{
		RecordedAt: end.UTC().Truncate(time.Second),
		Duration:   cassette.RoundDuration(end.Sub(x.start)),
		Request:    x.Request,
		Response: cassette.Response{
			Status:     resp.Status,
			Code:       resp.StatusCode,
			Proto:      resp.Proto,
			Headers:    resp.Header,
			Trailers:   resp.Trailer.Clone(),
			Body:       body,
			EventTimes: times,
			Chunks:     chunks,
		},
	}
}

// Fetch sends out as Send does and reads the body whole, and returns the
// interaction to record, with when it was received and how long it took
// by now. For a text/event-stream, when each event arrived is noted too,
// and for another body of unknown length (chunked), its pieces. A
// transport error is returned as it is; nothing is recorded.
func Fetch(rt http.RoundTripper, out *http.Request, req cassette.Request, now func() time.Time) (*cassette.Interaction, *tls.ConnectionState, error) {
	x, err := Send(rt, out, req, now)
	if err != nil {
		return nil, nil, err
	}
	return x.Fetched()
}

// Fetched is ReadAll with the connection's TLS state, as Fetch returns.
func (x *Exchange) Fetched() (*cassette.Interaction, *tls.ConnectionState, error) {
	in, err := x.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	return in, x.Resp.TLS, nil
}

// ReadAll reads the response body whole, closes it, and returns the
// interaction to record.
func (x *Exchange) ReadAll() (*cassette.Interaction, error) {
	c := NewCapture(x.Since, x.Resp.ContentLength)
	_, err := c.ReadFrom(x.Resp.Body)
	x.Resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("tapedeck: reading the response to %s %s: %w", x.Request.Method, x.Request.URL, err)
	}
	body, times, chunks := c.Result(x.Resp.Header, x.Resp.ContentLength < 0)
	return x.Interaction(body, times, chunks), nil
}
