package recorder

import (
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/updateflag"
)

// TestAsCacheWithExpiry: AsCache keeps the rules of WithExpiry, in either
// order, and adds HonorResponseHeaders.
func TestAsCacheWithExpiry(t *testing.T) {
	policy := expiry.Policy{Default: expiry.After(time.Hour)}
	for name, opts := range map[string][]Option{
		"expiry-first": {WithExpiry(policy), AsCache()},
		"cache-first":  {AsCache(), WithExpiry(policy)},
	} {
		t.Run(name, func(t *testing.T) {
			rec, err := Open("c", append(opts, WithFS(afero.NewMemMapFs()))...)
			assert.NilError(t, err)
			assert.DeepEqual(t, *rec.set.policy, expiry.Policy{Default: expiry.After(time.Hour), HonorResponseHeaders: true})
			assert.Equal(t, rec.set.strategy, StaleRefresh)
			assert.NilError(t, rec.Close())
		})
	}
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), AsCache(), OnStale(StaleFail))
	assert.NilError(t, err)
	assert.Equal(t, rec.set.strategy, StaleFail)
}

// TestAsCacheMode: the preset's mode is ModeRecordMissing unless WithMode
// or TAPEDECK_MODE say otherwise; -update and CI, which are about tests,
// do not change it.
func TestAsCacheMode(t *testing.T) {
	for _, tc := range []struct {
		name     string
		explicit Mode
		env      map[string]string
		update   updateflag.Level
		want     Mode
		source   string
	}{
		{name: "default", want: ModeRecordMissing, source: "AsCache"},
		{name: "ci", env: map[string]string{"CI": "true"}, want: ModeRecordMissing, source: "AsCache"},
		{name: "update-flag", update: updateflag.All, want: ModeRecordMissing, source: "AsCache"},
		{name: "env", env: map[string]string{"TAPEDECK_MODE": "replay"}, want: ModeReplay, source: "TAPEDECK_MODE=replay"},
		{name: "explicit", explicit: ModeUpdate, env: map[string]string{"TAPEDECK_MODE": "replay"}, want: ModeUpdate, source: "WithMode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []Option{AsCache()}
			if tc.explicit != 0 {
				opts = append(opts, WithMode(tc.explicit))
			}
			env := environment{
				getenv: func(k string) string { return tc.env[k] },
				update: func() updateflag.Level { return tc.update },
			}
			s, err := resolve("c", nil, opts, env)
			assert.NilError(t, err)
			assert.Equal(t, s.mode, tc.want)
			assert.Equal(t, s.modeSource, tc.source)
		})
	}
}

// TestWithExpiryCopiesRules: changing the caller's slice later does not
// change the recorder's policy.
func TestWithExpiryCopiesRules(t *testing.T) {
	rules := []expiry.Rule{{Pattern: "**", Expire: expiry.After(time.Hour)}}
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithExpiry(expiry.Policy{Rules: rules}))
	assert.NilError(t, err)
	rules[0].Expire = expiry.Never
	assert.Equal(t, rec.set.policy.Rules[0].Expire, expiry.After(time.Hour))
}
