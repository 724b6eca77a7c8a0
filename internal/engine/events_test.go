package engine

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
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

// stepServer serves pieces as a response with headers h, each sent only
// once the one before has been read (through readSignal), and moves clock
// on a second before each but the first.
func stepServer(t *testing.T, h http.Header, pieces []string, clock *atomic.Int64, read <-chan struct{}) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range h {
			w.Header()[k] = v
		}
		for i, p := range pieces {
			if i > 0 {
				<-read // the piece before has been read
				clock.Add(1)
			}
			io.WriteString(w, p)
			w.(http.Flusher).Flush()
		}
		go func() {
			// The reads of the last piece are not waited for.
			for range read {
			}
		}()
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestReadEvents records a stream of three events whose server sends
// each only once the one before has been read, while a fake clock moves a
// second between them: each event gets the time of the read that brought
// it.
func TestReadEvents(t *testing.T) {
	events := []string{"event: message\ndata: Hel\n\n", "data: lo\n\n", "data: [DONE]\n\n"}
	var clock atomic.Int64 // seconds
	read := make(chan struct{})
	srv := stepServer(t, http.Header{"Content-Type": {"text/event-stream"}}, events, &clock, read)
	resp, err := readSignal{srv.Client().Transport, read}.RoundTrip(httptest.NewRequest("GET", srv.URL, nil))
	assert.NilError(t, err)
	body, times, _, err := capture(resp.Body, resp.Header, false, func() time.Duration { return time.Duration(clock.Load()) * time.Second })
	resp.Body.Close()
	close(read)
	assert.NilError(t, err)
	assert.Equal(t, string(body), events[0]+events[1]+events[2])
	assert.DeepEqual(t, times, []time.Duration{0, time.Second, 2 * time.Second})
}

// capture reads r whole through a Capture and returns its Result.
func capture(r io.Reader, h http.Header, unknownLength bool, since func() time.Duration) ([]byte, []time.Duration, []cassette.Chunk, error) {
	c := NewCapture(since, -1)
	if _, err := c.ReadFrom(r); err != nil {
		return nil, nil, nil, err
	}
	body, times, chunks := c.Result(h, unknownLength)
	return body, times, chunks, nil
}

// TestReadChunks records a chunked body sent in three pieces a (fake)
// second apart.
func TestReadChunks(t *testing.T) {
	pieces := []string{"first,", "second,", "third"}
	var clock atomic.Int64 // seconds
	read := make(chan struct{})
	srv := stepServer(t, http.Header{"Content-Type": {"text/plain"}}, pieces, &clock, read)
	resp, err := readSignal{srv.Client().Transport, read}.RoundTrip(httptest.NewRequest("GET", srv.URL, nil))
	assert.NilError(t, err)
	assert.Equal(t, resp.ContentLength, int64(-1))
	body, _, chunks, err := capture(resp.Body, resp.Header, true, func() time.Duration { return time.Duration(clock.Load()) * time.Second })
	resp.Body.Close()
	close(read)
	assert.NilError(t, err)
	assert.Equal(t, string(body), "first,second,third")
	assert.DeepEqual(t, chunks, []cassette.Chunk{{Size: 6, At: 0}, {Size: 7, At: time.Second}, {Size: 5, At: 2 * time.Second}})
}

// TestReadChunksOnePiece checks that a body whose reads all came at once
// has no chunks.
func TestReadChunksOnePiece(t *testing.T) {
	body, _, chunks, err := capture(iotest.OneByteReader(strings.NewReader("abc")), nil, true, func() time.Duration { return time.Millisecond })
	assert.NilError(t, err)
	assert.Equal(t, string(body), "abc")
	assert.Assert(t, chunks == nil)
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
