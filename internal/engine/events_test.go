package engine

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// readSignal is a transport whose response bodies send on read when the
// reader has done with bytes a Read returned: when it calls Read again.
type readSignal struct {
	rt   http.RoundTripper
	read chan<- struct{}
}

func (s readSignal) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.rt.RoundTrip(req)
	if err == nil {
		resp.Body = &signalBody{ReadCloser: resp.Body, read: s.read}
	}
	return resp, err
}

type signalBody struct {
	io.ReadCloser
	read chan<- struct{}
	got  bool // the last Read returned bytes
}

func (b *signalBody) Read(p []byte) (int, error) {
	if b.got {
		b.read <- struct{}{}
	}
	n, err := b.ReadCloser.Read(p)
	b.got = n > 0
	return n, err
}

// TestFetchEventTimes records a stream of three events whose server sends
// each only once the one before has been read, while a fake clock moves a
// second between them: each event gets the time of the read that brought
// it.
func TestFetchEventTimes(t *testing.T) {
	events := []string{"event: message\ndata: Hel\n\n", "data: lo\n\n", "data: [DONE]\n\n"}
	var clock atomic.Int64 // seconds after start
	start := time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(clock.Load()) * time.Second) }
	read := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i, e := range events {
			if i > 0 {
				<-read // the event before has been read
				clock.Add(1)
			}
			io.WriteString(w, e)
			w.(http.Flusher).Flush()
		}
		go func() {
			// The reads of the last event are not waited for.
			for range read {
			}
		}()
	}))
	defer srv.Close()
	out, err := http.NewRequest("GET", srv.URL, nil)
	assert.NilError(t, err)
	rt := readSignal{srv.Client().Transport, read}
	in, _, err := Fetch(rt, out, cassette.Request{Method: "GET", URL: srv.URL}, now)
	close(read)
	assert.NilError(t, err)
	assert.Equal(t, string(in.Response.Body), events[0]+events[1]+events[2])
	assert.DeepEqual(t, in.Response.EventTimes, []time.Duration{0, time.Second, 2 * time.Second})
}

// TestFetchEventTimesNotStream checks that other bodies get no event times.
func TestFetchEventTimesNotStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "data: a\n\n")
	}))
	defer srv.Close()
	out, err := http.NewRequest("GET", srv.URL, nil)
	assert.NilError(t, err)
	in, _, err := Fetch(srv.Client().Transport, out, cassette.Request{Method: "GET", URL: srv.URL}, time.Now)
	assert.NilError(t, err)
	assert.Equal(t, string(in.Response.Body), "data: a\n\n")
	assert.Assert(t, in.Response.EventTimes == nil)
}
