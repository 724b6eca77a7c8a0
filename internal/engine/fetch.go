package engine

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// Fetch sends out through rt and returns the interaction to record: req as
// given (the request as the caller made it, which may differ from out, say
// by validators added for a revalidation) and the response as it came, with
// when it was received and how long it took by now. The body is read whole
// and closed; for a text/event-stream, when each event arrived is noted
// too, and for another body of unknown length (chunked), its pieces. A transport error is returned as it is; nothing is recorded.
func Fetch(rt http.RoundTripper, out *http.Request, req cassette.Request, now func() time.Time) (*cassette.Interaction, *tls.ConnectionState, error) {
	start := now()
	// The arrival of events and chunks is timed on the monotonic clock,
	// as replay waits for them, whatever now is.
	wall := time.Now()
	since := func() time.Duration { return time.Since(wall) }
	resp, err := rt.RoundTrip(out)
	if err != nil {
		return nil, nil, err
	}
	var body []byte
	var times []time.Duration
	var chunks []cassette.Chunk
	switch {
	case cassette.IsEventStream(resp.Header):
		body, times, err = readEvents(resp.Body, since)
	case resp.ContentLength < 0:
		body, chunks, err = readChunks(resp.Body, since)
	default:
		body, err = io.ReadAll(resp.Body)
	}
	resp.Body.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("tapedeck: reading the response to %s %s: %w", req.Method, req.URL, err)
	}
	end := now()
	return &cassette.Interaction{
		RecordedAt: end.UTC().Truncate(time.Second),
		Duration:   cassette.RoundDuration(end.Sub(start)),
		Request:    req,
		Response: cassette.Response{
			Status:     resp.Status,
			Code:       resp.StatusCode,
			Proto:      resp.Proto,
			Headers:    resp.Header.Clone(),
			Trailers:   resp.Trailer.Clone(),
			Body:       body,
			EventTimes: times,
			Chunks:     chunks,
		},
	}, resp.TLS, nil
}
