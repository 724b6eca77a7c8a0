package recorder

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// timing matches the lines of a cassette that depend on when and how fast
// it was recorded.
var timing = regexp.MustCompile(`(?m)^(\s*(?:- )?)(recorded_at|duration): .*$`)

// TestConcurrentRecordingOrder records 100 concurrent identical requests,
// each answered differently, twice: the two cassettes are identical but for
// recorded_at and duration, whatever order the responses completed in.
// Then 100 goroutines replaying the cassette each get a different
// recording, and all 100 are used.
func TestConcurrentRecordingOrder(t *testing.T) {
	const n = 100
	record := func() []byte {
		fsys := afero.NewMemMapFs()
		rec, err := Open("concurrent", WithFS(fsys), WithMode(ModeRerecord), WithTransport(blockingCounter(t, n)))
		assert.NilError(t, err)
		assert.DeepEqual(t, sendConcurrently(t, rec.Client(), api+"/count", n), counts(n))
		assert.NilError(t, rec.Close())
		data, err := afero.ReadFile(fsys, "concurrent.yaml")
		assert.NilError(t, err)
		return data
	}
	first, second := record(), record()
	mask := func(b []byte) string { return timing.ReplaceAllString(string(b), "$1$2: (masked)") }
	assert.Equal(t, mask(first), mask(second))

	// The group is in canonical order: here, by response body.
	fsys := afero.NewMemMapFs()
	assert.NilError(t, afero.WriteFile(fsys, "concurrent.yaml", first, 0o644))
	c, err := cassette.Load(fsys, "concurrent.yaml")
	assert.NilError(t, err)
	var inFile []string
	for _, in := range c.Interactions {
		inFile = append(inFile, string(in.Response.Body))
	}
	assert.DeepEqual(t, inFile, counts(n))

	rec, err := Open("concurrent", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	assert.DeepEqual(t, sendConcurrently(t, rec.Client(), api+"/count", n), counts(n))
	_, used := rec.eng.Interactions()
	for i, u := range used {
		assert.Assert(t, u, "recording #%d was not replayed", i+1)
	}
	assert.NilError(t, rec.Close())
}

// TestSequentialRecordingKeepsOrder: requests that do not overlap are
// written in the order they were sent, not sorted.
func TestSequentialRecordingKeepsOrder(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("seq", WithFS(fsys), WithMode(ModeRerecord), WithTransport(tr))
	assert.NilError(t, err)
	for _, path := range []string{"/repos/2", "/hello", "/repos/1"} {
		get(t, rec.Client(), api+path)
	}
	assert.NilError(t, rec.Close())
	c, err := cassette.Load(fsys, "seq.yaml")
	assert.NilError(t, err)
	var urls []string
	for _, in := range c.Interactions {
		urls = append(urls, in.Request.URL)
	}
	assert.DeepEqual(t, urls, []string{api + "/repos/2", api + "/hello", api + "/repos/1"})
}

// TestRecordingGroupWithAFailure: a round trip that fails inside a group
// records nothing and does not hold the group back.
func TestRecordingGroupWithAFailure(t *testing.T) {
	fsys := afero.NewMemMapFs()
	tr := &gatedTransport{release: make(chan struct{}), started: make(chan struct{}, 2)}
	rec, err := Open("group", WithFS(fsys), WithMode(ModeRerecord), WithTransport(tr))
	assert.NilError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, path := range []string{"/ok", "/fail"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := rec.Client().Get(api + path)
			if err == nil {
				resp.Body.Close()
			}
			errs[i] = err
		}()
	}
	<-tr.started
	<-tr.started // both in flight
	close(tr.release)
	wg.Wait()
	assert.NilError(t, errs[0])
	assert.ErrorContains(t, errs[1], "refused")
	ins, _ := rec.eng.Interactions()
	assert.Equal(t, len(ins), 1)
	assert.NilError(t, rec.Close())
}

// gatedTransport answers /fail with an error and anything else with 200,
// after release is closed.
type gatedTransport struct {
	release chan struct{}
	started chan struct{}
	calls   atomic.Int64
}

func (g *gatedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g.calls.Add(1)
	g.started <- struct{}{}
	<-g.release
	if req.URL.Path == "/fail" {
		return nil, fmt.Errorf("connection refused")
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}
