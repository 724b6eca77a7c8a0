package recorder

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
)

// TestInfo checks what Info says about each kind of response, without an
// expiry policy (nothing expires, so ExpiresAt stays zero).
func TestInfo(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	clk := newClock(t0)
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), WithClock(clk.Now))
	assert.NilError(t, err)
	for _, method := range []string{"GET", "HEAD", "DELETE"} {
		resp, err := rec.RoundTrip(newRequest(t, method, api+"/repos/1", nil, nil))
		assert.NilError(t, err)
		info, ok := Info(resp)
		assert.Assert(t, ok, method)
		assert.DeepEqual(t, info, ResponseInfo{RecordedAt: t0})
		resp.Body.Close()
	}
	assert.NilError(t, rec.Close())

	clk.Set(t0.Add(1000 * time.Hour))
	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithClock(clk.Now))
	assert.NilError(t, err)
	for _, method := range []string{"GET", "HEAD", "DELETE"} {
		resp, err := rec.Client().Do(newRequest(t, method, api+"/repos/1", nil, nil))
		assert.NilError(t, err)
		_, err = io.ReadAll(resp.Body)
		assert.NilError(t, err)
		resp.Body.Close()
		info, ok := Info(resp) // after the body is read and closed
		assert.Assert(t, ok, method)
		assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, RecordedAt: t0})
	}
	assert.NilError(t, rec.Close())
}

// TestInfoUnknown: Info says nothing about responses a Recorder did not
// build, or whose body was replaced on the way.
func TestInfoUnknown(t *testing.T) {
	_, tr, _ := apiServer(t)
	_, ok := Info(nil)
	assert.Assert(t, !ok)
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModePassthrough), WithTransport(tr))
	assert.NilError(t, err)
	resp, err := rec.Client().Get(api + "/hello")
	assert.NilError(t, err)
	resp.Body.Close()
	_, ok = Info(resp)
	assert.Assert(t, !ok, "passthrough")

	rec, err = Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	timeout := &http.Client{Transport: rec, Timeout: time.Minute}
	resp, err = timeout.Get(api + "/hello")
	assert.NilError(t, err)
	resp.Body.Close()
	_, ok = Info(resp)
	assert.Assert(t, !ok, "http.Client.Timeout wraps the body, as documented")
}
