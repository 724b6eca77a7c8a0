package recorder

import (
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/updateflag"
)

func TestResolveMode(t *testing.T) {
	for _, tc := range []struct {
		name     string
		explicit Mode
		env      map[string]string
		update   updateflag.Level
		want     Mode
		source   string
		err      string
	}{
		{name: "default", want: ModeOnce, source: "default"},
		{name: "ci", env: map[string]string{"CI": "true"}, want: ModeReplay, source: "CI=true"},
		{name: "ci-false", env: map[string]string{"CI": "false"}, want: ModeOnce, source: "default"},
		{name: "ci-0", env: map[string]string{"CI": "0"}, want: ModeOnce, source: "default"},
		{name: "update", update: updateflag.Stale, env: map[string]string{"CI": "1"}, want: ModeUpdate, source: "-update"},
		{name: "update-all", update: updateflag.All, want: ModeRerecord, source: "-update=all"},
		{name: "env-beats-flag", update: updateflag.All, env: map[string]string{"TAPEDECK_MODE": "replay"}, want: ModeReplay, source: "TAPEDECK_MODE=replay"},
		{name: "env-record", env: map[string]string{"TAPEDECK_MODE": "record"}, want: ModeRecordMissing, source: "TAPEDECK_MODE=record"},
		{name: "env-case", env: map[string]string{"TAPEDECK_MODE": "PassThrough"}, want: ModePassthrough, source: "TAPEDECK_MODE=PassThrough"},
		{name: "explicit-beats-all", explicit: ModeRerecord, update: updateflag.Stale,
			env: map[string]string{"TAPEDECK_MODE": "replay", "CI": "true"}, want: ModeRerecord, source: "WithMode"},
		{name: "bad-env", env: map[string]string{"TAPEDECK_MODE": "replya"},
			err: `TAPEDECK_MODE: unknown tapedeck mode "replya": use one of once, replay, record, update, rerecord, passthrough`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := environment{
				getenv: func(k string) string { return tc.env[k] },
				update: func() updateflag.Level { return tc.update },
			}
			m, source, err := resolveMode(tc.explicit, env)
			if tc.err != "" {
				assert.Error(t, err, tc.err)
				return
			}
			assert.NilError(t, err)
			assert.Equal(t, m, tc.want)
			assert.Equal(t, source, tc.source)
		})
	}
}
func TestModeStringRoundTrip(t *testing.T) {
	for m := ModeOnce; m <= ModePassthrough; m++ {
		got, err := ParseMode(m.String())
		assert.NilError(t, err)
		assert.Equal(t, got, m)
	}
	assert.Equal(t, Mode(0).String(), "Mode(0)")
}

// TestModes runs each mode against an existing cassette (one recording of
// /hello) and checks which requests reach the server and what the cassette
// holds afterwards.
func TestModes(t *testing.T) {
	for _, tc := range []struct {
		mode       Mode
		noCassette bool
		served     int64    // requests that reached the server
		missErr    bool     // the /repos/1 request fails
		after      []string // URLs in the cassette afterwards; nil: file absent
	}{
		{mode: ModeOnce, served: 0, missErr: true, after: []string{"/hello"}},
		{mode: ModeOnce, noCassette: true, served: 2, after: []string{"/hello", "/repos/1"}},
		{mode: ModeReplay, served: 0, missErr: true, after: []string{"/hello"}},
		{mode: ModeRecordMissing, served: 1, after: []string{"/hello", "/repos/1"}},
		{mode: ModeUpdate, served: 1, after: []string{"/hello", "/repos/1"}},
		{mode: ModeRerecord, served: 2, after: []string{"/hello", "/repos/1"}},
		{mode: ModeRerecord, noCassette: true, served: 2, after: []string{"/hello", "/repos/1"}},
		{mode: ModePassthrough, served: 2, after: []string{"/hello"}},
		{mode: ModePassthrough, noCassette: true, served: 2, after: nil},
	} {
		name := tc.mode.String()
		if tc.noCassette {
			name += "-no-cassette"
		}
		t.Run(name, func(t *testing.T) {
			_, tr, served := apiServer(t)
			fsys := afero.NewMemMapFs()
			if !tc.noCassette {
				seed, err := Open("c", WithFS(fsys), WithMode(ModeRerecord), WithTransport(tr))
				assert.NilError(t, err)
				get(t, seed.Client(), api+"/hello")
				assert.NilError(t, seed.Close())
				served.Store(0)
			}
			rec, err := Open("c", WithFS(fsys), WithMode(tc.mode), WithTransport(tr))
			assert.NilError(t, err)
			assert.Equal(t, rec.Mode(), tc.mode)
			get(t, rec.Client(), api+"/hello")
			_, err = rec.Client().Get(api + "/repos/1")
			if tc.missErr {
				assert.ErrorIs(t, err, ErrNoMatch)
			} else {
				assert.NilError(t, err)
			}
			assert.NilError(t, rec.Close())
			assert.Equal(t, served.Load(), tc.served)

			c, err := cassette.Load(fsys, "c.yaml")
			if tc.after == nil {
				assert.ErrorContains(t, err, "c.yaml")
				return
			}
			assert.NilError(t, err)
			var urls []string
			for _, in := range c.Interactions {
				urls = append(urls, in.Request.URL[len(api):])
			}
			assert.DeepEqual(t, urls, tc.after)
		})
	}
}
func TestOpenReplayWithoutCassette(t *testing.T) {
	_, err := Open("fixtures/none", WithFS(afero.NewMemMapFs()), WithMode(ModeReplay))
	assert.ErrorContains(t, err, "tapedeck: fixtures/none.yaml does not exist, and mode replay (from WithMode) never records: to record it, run: TAPEDECK_MODE=record <your program>")
}
