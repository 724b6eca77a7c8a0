package engine

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// clock returns the times ts, one per call, and fails the test when it is
// called more often.
func clock(t *testing.T, ts ...time.Time) func() time.Time {
	return func() time.Time {
		if len(ts) == 0 {
			t.Error("the clock was read more often than expected")
			return time.Time{}
		}
		now := ts[0]
		ts = ts[1:]
		return now
	}
}

// closeCounting is a transport that counts how often the bodies of its
// responses are closed.
type closeCounting struct {
	rt     http.RoundTripper
	closed *atomic.Int32
}

func (c closeCounting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(req)
	if err == nil {
		resp.Body = countedBody{resp.Body, c.closed}
	}
	return resp, err
}

type countedBody struct {
	io.ReadCloser
	closed *atomic.Int32
}

func (b countedBody) Close() error {
	b.closed.Add(1)
	return b.ReadCloser.Close()
}

func newCloseCounting(rt http.RoundTripper) closeCounting {
	return closeCounting{rt: rt, closed: new(atomic.Int32)}
}

func TestFetch(t *testing.T) {
	var gotValidator string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotValidator = r.Header.Get("If-None-Match")
		w.Header().Set("Trailer", "X-Checksum")
		w.Header()["Date"] = nil
		w.Header().Add("X-Answer", "one")
		w.Header().Add("X-Answer", "two")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, "created")
		w.Header().Set("X-Checksum", "c0ffee")
	}))
	defer srv.Close()

	out, err := http.NewRequest(http.MethodGet, srv.URL+"/items/1", nil)
	assert.NilError(t, err)
	out.Header.Set("If-None-Match", `"v1"`)
	// The request to record is the one the caller made, without the
	// validator added for the network.
	req := cassette.Request{Method: http.MethodGet, URL: srv.URL + "/items/1", Headers: http.Header{"Accept": {"text/plain"}}}

	paris := time.FixedZone("Paris", 3600)
	start := time.Date(2026, 3, 1, 12, 0, 0, 900_000_000, paris)
	end := start.Add(1234567 * time.Microsecond) // 12:00:02.134567 Paris
	rt := newCloseCounting(http.DefaultTransport)
	in, tlsState, err := Fetch(rt, out, req, clock(t, start, end))
	assert.NilError(t, err)

	assert.Equal(t, gotValidator, `"v1"`, "Fetch did not send out")
	assert.Equal(t, rt.closed.Load(), int32(1), "the body was not closed once")
	assert.Assert(t, tlsState == nil)
	assert.DeepEqual(t, in, &cassette.Interaction{
		RecordedAt: time.Date(2026, 3, 1, 11, 0, 2, 0, time.UTC),
		Duration:   1235 * time.Millisecond,
		Request:    req,
		Response: cassette.Response{
			Status: "201 Created",
			Code:   http.StatusCreated,
			Proto:  "HTTP/1.1",
			Headers: http.Header{
				// The client takes Trailer out, into the keys of the trailers.
				"Content-Type": {"text/plain; charset=utf-8"},
				"X-Answer":     {"one", "two"},
			},
			Trailers: http.Header{"X-Checksum": {"c0ffee"}},
			Body:     []byte("created"),
		},
	})
	assert.Equal(t, in.RecordedAt.Location(), time.UTC)
}

func TestFetchNoTrailers(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "plain")
	}))
	defer srv.Close()
	out, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	assert.NilError(t, err)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	in, _, err := Fetch(http.DefaultTransport, out, cassette.Request{Method: http.MethodGet, URL: srv.URL}, clock(t, now, now.Add(300*time.Nanosecond)))
	assert.NilError(t, err)
	assert.Assert(t, in.Response.Trailers == nil, "trailers: %v", in.Response.Trailers)
	assert.Equal(t, in.Response.Headers.Get("Content-Length"), "5")
	assert.Equal(t, in.Duration, time.Duration(0))
	assert.Equal(t, in.RecordedAt, now)
}

func TestFetchTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secure")
	}))
	defer srv.Close()
	out, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	assert.NilError(t, err)
	now := time.Now()
	in, tlsState, err := Fetch(srv.Client().Transport, out, cassette.Request{Method: http.MethodGet, URL: srv.URL}, clock(t, now, now))
	assert.NilError(t, err)
	assert.Equal(t, string(in.Response.Body), "secure")
	assert.Assert(t, tlsState != nil)
	assert.Assert(t, tlsState.HandshakeComplete)
	assert.Equal(t, in.Response.Proto, "HTTP/1.1")
}

// roundTripFunc is a transport that is a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestFetchTransportError(t *testing.T) {
	// A server that is gone: the port refuses connections.
	srv := httptest.NewServer(http.NotFoundHandler())
	gone := srv.URL
	srv.Close()

	errOffline := errors.New("offline")
	cases := []struct {
		name  string
		rt    http.RoundTripper
		check func(t *testing.T, err error)
	}{
		{
			name: "connection refused",
			rt:   http.DefaultTransport,
			check: func(t *testing.T, err error) {
				var op *net.OpError
				assert.Assert(t, errors.As(err, &op), "%T: %v", err, err)
			},
		},
		{
			name: "returned as it is",
			rt:   roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errOffline }),
			check: func(t *testing.T, err error) {
				assert.Equal(t, err, errOffline)
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := http.NewRequest(http.MethodGet, gone+"/x", nil)
			assert.NilError(t, err)
			in, tlsState, err := Fetch(tc.rt, out, cassette.Request{Method: http.MethodGet, URL: gone + "/x"}, clock(t, time.Now()))
			assert.Assert(t, err != nil)
			tc.check(t, err)
			assert.Assert(t, in == nil)
			assert.Assert(t, tlsState == nil)
		})
	}
}

func TestFetchBodyError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Promise 100 bytes, send 10, and hang up.
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "0123456789")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}))
	defer srv.Close()
	url := srv.URL + "/reports/7?page=2"
	out, err := http.NewRequest(http.MethodPost, url, strings.NewReader("{}"))
	assert.NilError(t, err)
	rt := newCloseCounting(http.DefaultTransport)
	in, _, err := Fetch(rt, out, cassette.Request{Method: http.MethodPost, URL: url}, clock(t, time.Now()))
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Error(t, err, "tapedeck: reading the response to POST "+url+": unexpected EOF")
	assert.Assert(t, in == nil)
	assert.Equal(t, rt.closed.Load(), int32(1), "the body was not closed once")
}
