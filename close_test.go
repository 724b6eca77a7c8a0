package recorder

import (
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/expiry"
)

// TestRoundTripAfterClose sends a request down every path of RoundTrip
// after Close: each gets the same "closed" error, and none reaches the
// network.
func TestRoundTripAfterClose(t *testing.T) {
	const want = "tapedeck: GET http://api.example.test/hello: the recorder for c.yaml is closed (the test ended or Close was called)"
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"record", []Option{WithMode(ModeRecordMissing)}},
		{"rerecord", []Option{WithMode(ModeRerecord)}},
		{"passthrough mode", []Option{WithMode(ModePassthrough)}},
		{"passthrough rule", []Option{WithMode(ModeRecordMissing), IgnoreHosts("api.example.test")}},
		{"do not record", []Option{WithMode(ModeRecordMissing), WithExpiry(expiry.Policy{Default: expiry.DoNotRecord})}},
		{"cache", []Option{AsCache()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			live := &liveTransport{}
			rec, err := Open("c", append(tc.opts, WithFS(afero.NewMemMapFs()), WithTransport(live))...)
			assert.NilError(t, err)
			assert.NilError(t, rec.Close())
			_, err = rec.Client().Get(api + "/hello")
			assert.ErrorContains(t, err, want)
			assert.Equal(t, live.n.Load(), int64(0), "a request went to the network after Close")
		})
	}
}
