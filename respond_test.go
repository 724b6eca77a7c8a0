package recorder

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/internal/fixtureserver"
)

// TestRoundTrip records a response of every kind from a loopback server,
// closes the server, replays the cassette through a transport that fails when
// used, and checks that each replayed response is what a plain client got
// straight from the server.
func TestRoundTrip(t *testing.T) {
	srv, tr, _ := apiServer(t)
	direct := &http.Client{Transport: tr}
	cases := []struct {
		name   string
		method string
		path   string
		body   []byte
		header http.Header
	}{
		{name: "json", method: "GET", path: "/repos/1"},
		{name: "text", method: "GET", path: "/hello"},
		{name: "binary-1MiB", method: "GET", path: "/logo.bin?size=1048576"},
		{name: "gzip-encoded", method: "GET", path: "/gzip", header: http.Header{"Accept-Encoding": {"gzip"}}},
		{name: "gzip-decoded-by-transport", method: "GET", path: "/gzip"},
		{name: "head", method: "HEAD", path: "/repos/1"},
		{name: "204", method: "DELETE", path: "/repos/1"},
		{name: "404", method: "GET", path: "/repos/404"},
		{name: "post-with-body", method: "POST", path: "/repos", body: []byte(`{"name":"x","private":true}`),
			header: http.Header{"Content-Type": {"application/json"}}},
		{name: "trailer", method: "GET", path: "/trailer"},
	}
	want := make([]snapshot, len(cases))
	for i, c := range cases {
		want[i] = do(t, direct, newRequest(t, c.method, api+c.path, c.body, c.header))
	}
	assert.Equal(t, len(want[2].Body), 1<<20)
	assert.Equal(t, want[3].Header.Get("Content-Encoding"), "gzip")

	fsys := afero.NewMemMapFs()
	rec, err := Open("fixtures/kinds", WithFS(fsys), WithMode(ModeOnce), WithTransport(tr))
	assert.NilError(t, err)
	client := rec.Client()
	for i, c := range cases {
		got := do(t, client, newRequest(t, c.method, api+c.path, c.body, c.header))
		assert.DeepEqual(t, got, want[i])
	}
	// 200 concurrent requests, each for a body of its own size.
	concurrent := func(c *http.Client) []snapshot {
		out := make([]snapshot, 200)
		var wg sync.WaitGroup
		for i := range out {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out[i] = get(t, c, fmt.Sprintf("%s/logo.bin?size=%d", api, 1000+i))
			}()
		}
		wg.Wait()
		return out
	}
	recordedConcurrent := concurrent(client)
	assert.NilError(t, rec.Close())
	srv.Close()

	off := &offline{}
	rec, err = Open("fixtures/kinds", WithFS(fsys), WithMode(ModeReplay), WithTransport(off))
	assert.NilError(t, err)
	client = rec.Client()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := do(t, client, newRequest(t, c.method, api+c.path, c.body, c.header))
			if diff := cmp.Diff(want[i], got); diff != "" {
				t.Errorf("replay differs from the server (-server +replay):\n%s", diff)
			}
		})
	}
	replayed := concurrent(client)
	for i := range replayed {
		assert.DeepEqual(t, replayed[i], recordedConcurrent[i])
		assert.DeepEqual(t, replayed[i].Body, fixtureserver.Logo(1000+i))
	}
	assert.NilError(t, rec.Close())
	assert.Equal(t, off.used.Load(), int64(0), "replay used the network")
}

// TestReplayNeverCallsTransport: in ModeReplay even a miss does not reach
// the real transport.
func TestReplayNeverCallsTransport(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/hello")
	assert.NilError(t, rec.Close())

	off := &offline{}
	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(off))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/hello")
	_, err = rec.Client().Get(api + "/repos/1")
	assert.ErrorIs(t, err, ErrNoMatch)
	_, err = rec.Client().Get(api + "/hello") // used up
	assert.ErrorIs(t, err, ErrNoMatch)
	assert.Equal(t, off.used.Load(), int64(0))
}
