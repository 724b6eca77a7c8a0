package recorder

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// slowCassette writes a cassette whose one recording of GET /slow took a
// minute, so that any replay that waited for it would be obvious.
func slowCassette(t *testing.T) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{{
		Duration: time.Minute,
		Request:  cassette.Request{Method: "GET", URL: api + "/slow"},
		Response: cassette.Response{Code: 200, Status: "200 OK", Body: []byte("slow")},
	}}}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
	return fsys
}
func TestLatency(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     []Option
		min, max time.Duration
	}{
		// Instant replay does not wait for the minute: 10s is a bound no
		// loaded machine reaches.
		{name: "instant by default", max: 10 * time.Second},
		// 1/1200 of a minute is 50ms.
		{name: "fraction", opts: []Option{WithLatency(1.0 / 1200)}, min: 50 * time.Millisecond, max: 10 * time.Second},
		// A BeforeReplay hook sets the duration that is waited for.
		{name: "duration from BeforeReplay", opts: []Option{WithLatency(1), BeforeReplay(func(in *cassette.Interaction) error {
			in.Duration = 30 * time.Millisecond
			return nil
		})}, min: 30 * time.Millisecond, max: 10 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := Open("c", append([]Option{WithFS(slowCassette(t)), WithMode(ModeReplay), WithTransport(&offline{})}, tc.opts...)...)
			assert.NilError(t, err)
			start := time.Now()
			got := get(t, rec.Client(), api+"/slow")
			elapsed := time.Since(start)
			assert.Equal(t, string(got.Body), "slow")
			assert.Assert(t, elapsed >= tc.min && elapsed < tc.max, "replay took %v, want between %v and %v", elapsed, tc.min, tc.max)
			assert.NilError(t, rec.Close())
		})
	}
}

// TestLatencyHonoursContext checks that a request whose context ends
// while replay waits out the recorded minute fails at once with the
// context's error.
func TestLatencyHonoursContext(t *testing.T) {
	rec, err := Open("c", WithFS(slowCassette(t)), WithMode(ModeReplay), WithTransport(&offline{}), WithLatency(1))
	assert.NilError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req := newRequest(t, "GET", api+"/slow", nil, nil).WithContext(ctx)
	start := time.Now()
	_, err = rec.RoundTrip(req)
	assert.Assert(t, time.Since(start) < 10*time.Second)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorContains(t, err, "tapedeck: GET http://api.example.test/slow: the request was cancelled while replay waited out the recorded latency (1m0s)")
	assert.NilError(t, rec.Close())
}
func TestWithLatencyErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fraction float64
		want     string
	}{
		{name: "zero", fraction: 0, want: "WithLatency(0): "},
		{name: "negative", fraction: -1, want: "WithLatency(-1): "},
		{name: "NaN", fraction: math.NaN(), want: "WithLatency(NaN): "},
		{name: "infinite", fraction: math.Inf(1), want: "WithLatency(+Inf): "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open("c.yaml", WithFS(afero.NewMemMapFs()), WithLatency(tc.fraction))
			assert.Error(t, err, "tapedeck: c.yaml: "+tc.want+"the fraction of the recorded duration must be positive (1 for as recorded), or leave the option out for instant replay")
		})
	}
}
