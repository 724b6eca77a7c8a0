package recorder

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// streamEvents are the events of the replayed stream in these tests.
var streamEvents = []string{"event: message\ndata: {\"t\":\"Hel\"}\n\n", "event: message\ndata: {\"t\":\"lo\"}\n\n", "data: [DONE]\n\n"}

// streamCassette returns a filesystem with the cassette "c" of one POST
// whose response is streamEvents, recorded at times.
func streamCassette(t *testing.T, times ...time.Duration) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{{
		RecordedAt: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC),
		Duration:   times[len(times)-1],
		Request:    cassette.Request{Method: "POST", URL: "https://llm.example.test/v1/chat"},
		Response: cassette.Response{Status: "200 OK", Code: 200, Proto: "HTTP/1.1",
			Headers:    http.Header{"Content-Type": {"text/event-stream"}},
			Body:       []byte(strings.Join(streamEvents, "")),
			EventTimes: times,
		},
	}}}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
	return fsys
}

// reads returns what each Read of body returned, up to EOF.
func reads(t *testing.T, body io.Reader) []string {
	t.Helper()
	var got []string
	buf := make([]byte, 4096)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			got = append(got, string(buf[:n]))
		}
		if err == io.EOF {
			return got
		}
		assert.NilError(t, err)
	}
}

func TestStreamReplaysEventByEvent(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"instant", nil},
		{"with latency", []Option{WithLatency(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := streamCassette(t, 0, time.Millisecond, 2*time.Millisecond)
			rec, err := Open("c", append([]Option{WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{})}, tc.opts...)...)
			assert.NilError(t, err)
			defer rec.Close()
			resp, err := rec.Client().Post("https://llm.example.test/v1/chat", "application/json", nil)
			assert.NilError(t, err)
			defer resp.Body.Close()
			assert.DeepEqual(t, reads(t, resp.Body), streamEvents)
		})
	}
}

// TestStreamFirstEventFirst is the done-when of issue 13: under
// WithLatency a replayed stream hands over its first event while the last,
// recorded an hour later, is still to come. Cancelling the request then
// ends the wait for it.
func TestStreamFirstEventFirst(t *testing.T) {
	fsys := streamCassette(t, 0, 10*time.Millisecond, time.Hour)
	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithLatency(1))
	assert.NilError(t, err)
	defer rec.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", "https://llm.example.test/v1/chat", nil)
	assert.NilError(t, err)
	type read struct {
		text string
		err  error
	}
	got := make(chan read)
	go func() {
		resp, err := rec.Client().Do(req)
		if err != nil {
			got <- read{err: err}
			close(got)
			return
		}
		defer resp.Body.Close()
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			got <- read{string(buf[:n]), err}
			if err != nil {
				close(got)
				return
			}
		}
	}()
	// An hour is the bound that cannot be reached: the first two events
	// come before the last, or the test times out.
	for _, want := range streamEvents[:2] {
		r := <-got
		assert.NilError(t, r.err)
		assert.Equal(t, r.text, want)
	}
	cancel()
	r := <-got
	assert.Equal(t, r.text, "")
	assert.Assert(t, errors.Is(r.err, context.Canceled), "%v", r.err)
	assert.ErrorContains(t, r.err, "waited for event 3 of 3 of the stream, recorded 1h0m0s after the request")
}

// TestStreamPaced checks that each event comes no sooner than its
// recorded time times the fraction.
func TestStreamPaced(t *testing.T) {
	fsys := streamCassette(t, 0, 200*time.Millisecond, 400*time.Millisecond)
	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithLatency(0.5))
	assert.NilError(t, err)
	defer rec.Close()
	start := time.Now()
	resp, err := rec.Client().Post("https://llm.example.test/v1/chat", "application/json", nil)
	assert.NilError(t, err)
	defer resp.Body.Close()
	buf := make([]byte, 4096)
	for i, due := range []time.Duration{0, 100 * time.Millisecond, 200 * time.Millisecond} {
		n, err := resp.Body.Read(buf)
		assert.NilError(t, err)
		assert.Equal(t, string(buf[:n]), streamEvents[i])
		assert.Assert(t, time.Since(start) >= due, "event %d after %v, recorded at %v (times 0.5)", i+1, time.Since(start), due)
	}
}

// TestStreamCopy checks that io.Copy, which uses WriteTo, gets the body
// whole and exact.
func TestStreamCopy(t *testing.T) {
	fsys := streamCassette(t, 0, time.Millisecond, 2*time.Millisecond)
	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithLatency(1))
	assert.NilError(t, err)
	defer rec.Close()
	resp, err := rec.Client().Post("https://llm.example.test/v1/chat", "application/json", nil)
	assert.NilError(t, err)
	defer resp.Body.Close()
	var out bytes.Buffer
	n, err := io.Copy(&out, resp.Body)
	assert.NilError(t, err)
	assert.Equal(t, out.String(), strings.Join(streamEvents, ""))
	assert.Equal(t, n, int64(out.Len()))
}

// TestStreamRecordAndReplay records a live event stream and replays it,
// event by event, from the saved cassette.
func TestStreamRecordAndReplay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range streamEvents {
			io.WriteString(w, e)
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport))
	assert.NilError(t, err)
	resp, err := rec.Client().Get(srv.URL + "/stream")
	assert.NilError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.NilError(t, err)
	assert.Equal(t, string(body), strings.Join(streamEvents, ""))
	assert.NilError(t, rec.Close())

	data, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Assert(t, bytes.Contains(data, []byte("body_format: sse\n")), "%s", data)
	assert.Equal(t, bytes.Count(data, []byte("- at: ")), len(streamEvents), "%s", data)

	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithLatency(1))
	assert.NilError(t, err)
	defer rec.Close()
	resp, err = rec.Client().Get(srv.URL + "/stream")
	assert.NilError(t, err)
	defer resp.Body.Close()
	assert.DeepEqual(t, reads(t, resp.Body), streamEvents)
}

// TestChunksReplayPieceByPiece replays a body recorded in chunks, one
// chunk per Read, and under WithLatency each at its time: the Read of the
// last, recorded an hour later, waits until the request is cancelled.
func TestChunksReplayPieceByPiece(t *testing.T) {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{{
		Request: cassette.Request{Method: "GET", URL: "https://api.example.test/export"},
		Response: cassette.Response{Status: "200 OK", Code: 200,
			Headers: http.Header{"Content-Type": {"text/csv"}},
			Body:    []byte("a,b\n1,2\n3,4\n"),
			Chunks:  []cassette.Chunk{{Size: 4, At: 0}, {Size: 4, At: time.Millisecond}, {Size: 4, At: time.Hour}},
		},
	}}}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))

	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithRepeats())
	assert.NilError(t, err)
	resp, err := rec.Client().Get("https://api.example.test/export")
	assert.NilError(t, err)
	assert.DeepEqual(t, reads(t, resp.Body), []string{"a,b\n", "1,2\n", "3,4\n"})
	resp.Body.Close()
	assert.NilError(t, rec.Close())

	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithLatency(1))
	assert.NilError(t, err)
	defer rec.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", "https://api.example.test/export", nil)
	assert.NilError(t, err)
	resp, err = rec.Client().Do(req)
	assert.NilError(t, err)
	defer resp.Body.Close()
	buf := make([]byte, 64)
	for _, want := range []string{"a,b\n", "1,2\n"} {
		n, err := resp.Body.Read(buf)
		assert.NilError(t, err)
		assert.Equal(t, string(buf[:n]), want)
	}
	go cancel()
	_, err = resp.Body.Read(buf)
	assert.Assert(t, errors.Is(err, context.Canceled), "%v", err)
	assert.ErrorContains(t, err, "waited for chunk 3 of 3 of the stream, recorded 1h0m0s after the request")
}
