package recorder

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/match"
)

// TestStaleReportIsRedacted checks that a stale report never prints a
// secret of the live request, also when the request matched as it was sent
// because the matcher ignores where the secret is.
func TestStaleReportIsRedacted(t *testing.T) {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{{
		RecordedAt: t0,
		Request:    cassette.Request{Method: "GET", URL: api + "/repos/1?api_key=REDACTED"},
		Response:   cassette.Response{Code: 200, Status: "200 OK", Body: []byte("old")},
	}}}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
	for _, tc := range []struct {
		name    string
		matcher match.Matcher
	}{
		{name: "default matcher", matcher: match.Default()},
		{name: "matcher ignoring the query", matcher: match.All(match.Method(), match.Path())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithMatcher(tc.matcher),
				WithExpiry(hourRule), OnStale(StaleFail), WithClock(newClock(t0.Add(2*time.Hour)).Now))
			assert.NilError(t, err)
			_, err = rec.RoundTrip(newRequest(t, "GET", api+"/repos/1?api_key=key-bbb222", nil, nil))
			assert.ErrorIs(t, err, ErrStale)
			assert.Assert(t, !strings.Contains(err.Error(), "key-bbb222"), "%s", err)
			assert.ErrorContains(t, err, "GET http://api.example.test/repos/1?api_key=REDACTED")
		})
	}
}

// TestStaleReports pins the text of what a person reads about a stale
// recording: the warning, the failure, the refresh that could not happen,
// the refresh that failed, and a do-not-record request in replay mode.
func TestStaleReports(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mode     Mode
		strategy StaleStrategy
		fail     bool   // the server answers 500
		path     string // the request
		policy   expiry.Policy
		errors   bool // the report is a test failure, not a log line
	}{
		{name: "warn", mode: ModeReplay, strategy: StaleWarn, path: "/repos/1", policy: hourRule},
		{name: "fail", mode: ModeReplay, strategy: StaleFail, path: "/repos/1", policy: hourRule, errors: true},
		{name: "refresh-offline", mode: ModeReplay, strategy: StaleRefresh, path: "/repos/1", policy: hourRule},
		{name: "refresh-once", mode: ModeOnce, strategy: StaleRefresh, path: "/repos/1", policy: hourRule},
		{name: "stale-if-error", mode: ModeUpdate, strategy: StaleWarn, fail: true, path: "/repos/1", policy: hourRule},
		{name: "do-not-record-in-replay", mode: ModeReplay, strategy: StaleWarn, path: "/hello", errors: true,
			policy: expiry.Policy{Rules: []expiry.Rule{{Pattern: "*/hello", Expire: expiry.DoNotRecord}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, tr := newUpstream(t)
			fsys, _ := seed(t, tr)
			u.fail.Store(tc.fail)
			ft := &fakeT{name: "TestRepo"}
			rec, fatal := newFake(ft, "c", WithFS(fsys), WithMode(tc.mode), WithTransport(tr),
				WithExpiry(tc.policy), OnStale(tc.strategy), WithClock(newClock(t0.Add(26*time.Hour+90*time.Second)).Now))
			assert.Equal(t, fatal, "")
			_, _, _, err := fetchInfo(rec.Client(), api+tc.path)
			got := ft.logs
			if tc.errors {
				got = ft.errors
			} else {
				assert.NilError(t, err)
				assert.DeepEqual(t, ft.errors, []string(nil))
			}
			assert.Equal(t, len(got), 1, "%q", got)
			golden.Assert(t, got[0], "stale-"+tc.name+".golden")
			ft.finish()
		})
	}
}
