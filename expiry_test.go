package recorder

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

// TestDoNotRecord: a request the policy marks do-not-record goes to the
// network in every mode but ModeReplay, is never replayed (even when the
// cassette has a recording of it) and never written.
func TestDoNotRecord(t *testing.T) {
	policy := expiry.Policy{Rules: []expiry.Rule{{Pattern: "*/hello", Expire: expiry.DoNotRecord}}}
	for _, tc := range []struct {
		mode   Mode
		served int
		err    bool
	}{
		{mode: ModeOnce, served: 2},
		{mode: ModeReplay, err: true},
		{mode: ModeRecordMissing, served: 2},
		{mode: ModeUpdate, served: 2},
		{mode: ModeRerecord, served: 2},
		{mode: ModePassthrough, served: 2},
	} {
		t.Run(tc.mode.String(), func(t *testing.T) {
			u, tr := newUpstream(t)
			fsys, before := seed(t, tr) // it has a recording of /hello
			u.requests()
			rec, err := Open("c", WithFS(fsys), WithMode(tc.mode), WithTransport(tr), WithExpiry(policy))
			assert.NilError(t, err)
			for range 2 {
				resp, err := rec.Client().Get(api + "/hello")
				if tc.err {
					assert.ErrorContains(t, err, "tapedeck: GET http://api.example.test/hello is never recorded (do-not-record: rule \"*/hello\"=do-not-record), so it must go to the network, but mode replay (from WithMode) never uses the network")
					continue
				}
				assert.NilError(t, err)
				_, ok := Info(resp)
				assert.Assert(t, !ok, "a passed-through response has no Info")
				resp.Body.Close()
			}
			assert.NilError(t, rec.Close())
			assert.Equal(t, len(u.requests()), tc.served)
			after, err := afero.ReadFile(fsys, "c.yaml")
			assert.NilError(t, err)
			assert.Equal(t, string(after), string(before))
		})
	}
}

// TestRequestNoStore: with a policy, a request that says
// "Cache-Control: no-store" is sent but never written; without a policy
// the header is recorded like any other.
func TestRequestNoStore(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     []Option
		recorded []string
	}{
		{name: "with-policy", opts: []Option{WithExpiry(expiry.Policy{})}, recorded: []string{"/repos/1"}},
		{name: "without-policy", recorded: []string{"/repos/1", "/repos/2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, tr := newUpstream(t)
			fsys := afero.NewMemMapFs()
			rec, err := Open("c", append([]Option{WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr)}, tc.opts...)...)
			assert.NilError(t, err)
			get(t, rec.Client(), api+"/repos/1")
			do(t, rec.Client(), newRequest(t, "GET", api+"/repos/2", nil, http.Header{"Cache-Control": {"no-store"}}))
			assert.NilError(t, rec.Close())
			c, err := cassette.Load(fsys, "c.yaml")
			assert.NilError(t, err)
			assert.DeepEqual(t, urls(c), tc.recorded)
		})
	}
}

// TestRequestNoCache: with a policy, a request that says
// "Cache-Control: no-cache" finds its recording stale (and StaleRefresh
// revalidates it); without a policy nothing is ever stale.
func TestRequestNoCache(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   []Option
		served []string
	}{
		{name: "with-policy", opts: []Option{WithExpiry(expiry.Policy{})}, served: []string{`GET /repos/1 "v1"`}},
		{name: "without-policy", served: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, tr := newUpstream(t)
			fsys := afero.NewMemMapFs()
			for run := range 2 {
				rec, err := Open("c", append([]Option{WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), OnStale(StaleRefresh)}, tc.opts...)...)
				assert.NilError(t, err)
				var h http.Header
				if run == 1 {
					h = http.Header{"Cache-Control": {"no-cache"}}
				}
				do(t, rec.Client(), newRequest(t, "GET", api+"/repos/1", nil, h))
				assert.NilError(t, rec.Close())
				if run == 0 {
					u.requests()
				}
			}
			assert.DeepEqual(t, u.requests(), tc.served)
		})
	}
}

// TestExpiryOptionErrors: bad expiry options make Open fail and say why.
func TestExpiryOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Option
		err  string
	}{
		{"bad-rule", WithExpiry(expiry.Policy{Rules: []expiry.Rule{
			{Pattern: "api.example.com/**", Expire: expiry.After(time.Hour)},
			{Pattern: "https://api.example.com/users/*", Expire: expiry.Never},
		}}), `tapedeck: c.yaml: WithExpiry: expiry rule 1 "https://api.example.com/users/*": bad URL pattern: patterns match the URL without its scheme; write "api.example.com/users/*"`},
		{"strategy", OnStale(0), "tapedeck: c.yaml: OnStale(StaleStrategy(0)): not a strategy; use recorder.StaleWarn, recorder.StaleFail or recorder.StaleRefresh"},
		{"clock", WithClock(nil), "tapedeck: c.yaml: WithClock(nil): pass a function such as time.Now"},
		{"logger", WithLogger(nil), "tapedeck: c.yaml: WithLogger(nil): pass a function such as log.Printf"},
		{"no-methods", AsCache(CacheMethods()), "tapedeck: c.yaml: AsCache: CacheMethods(): name at least one method, such as http.MethodGet"},
		{"bad-method", AsCache(CacheMethods("GET", "BAD METHOD")), `tapedeck: c.yaml: AsCache: CacheMethods: "BAD METHOD" is not an HTTP method`},
		{"no-statuses", AsCache(CacheStatuses()), "tapedeck: c.yaml: AsCache: CacheStatuses(): name at least one status code, such as http.StatusOK"},
		{"bad-status", AsCache(CacheStatuses(200, 2000)), "tapedeck: c.yaml: AsCache: CacheStatuses: 2000 is not an HTTP status code (100 to 599)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open("c.yaml", tc.opt)
			assert.Error(t, err, tc.err)
		})
	}
}
func TestStaleStrategyString(t *testing.T) {
	assert.Equal(t, StaleWarn.String(), "warn")
	assert.Equal(t, StaleFail.String(), "fail")
	assert.Equal(t, StaleRefresh.String(), "refresh")
	assert.Equal(t, StaleStrategy(9).String(), "StaleStrategy(9)")
}

// TestStaleStrategies runs every strategy in every mode, under New and
// under Open, on the seeded cassette two hours after it was recorded: the
// recording of /repos/1 is stale (rule: 1h, with an ETag) and /repos/2 is
// fresh (rule: never). It checks which requests reach the server and what
// happens to the stale one.
func TestStaleStrategies(t *testing.T) {
	const (
		warn        = "warn"        // replayed, logged with the refresh command
		fallback    = "fallback"    // StaleRefresh without the network: warn, saying why
		fail        = "fail"        // New: the test fails, replayed; Open: ErrStale
		revalidated = "revalidated" // refreshed: If-None-Match, 304, recording kept
		rerecorded  = "rerecorded"  // the mode never replays: recorded again
		passed      = "passed"      // the mode never replays nor records
	)
	stale, both := []string{`GET /repos/1 "v1"`}, []string{"GET /repos/2 ", "GET /repos/1 "}
	for _, tc := range []struct {
		mode     Mode
		strategy StaleStrategy
		served   []string // requests that reached the server
		outcome  string   // what happened to /repos/1
	}{
		{ModeOnce, StaleWarn, nil, warn},
		{ModeOnce, StaleFail, nil, fail},
		{ModeOnce, StaleRefresh, nil, fallback},
		{ModeReplay, StaleWarn, nil, warn},
		{ModeReplay, StaleFail, nil, fail},
		{ModeReplay, StaleRefresh, nil, fallback},
		{ModeRecordMissing, StaleWarn, nil, warn},
		{ModeRecordMissing, StaleFail, nil, fail},
		{ModeRecordMissing, StaleRefresh, stale, revalidated},
		{ModeUpdate, StaleWarn, stale, revalidated},
		{ModeUpdate, StaleFail, stale, revalidated},
		{ModeUpdate, StaleRefresh, stale, revalidated},
		{ModeRerecord, StaleWarn, both, rerecorded},
		{ModeRerecord, StaleFail, both, rerecorded},
		{ModeRerecord, StaleRefresh, both, rerecorded},
		{ModePassthrough, StaleWarn, both, passed},
		{ModePassthrough, StaleFail, both, passed},
		{ModePassthrough, StaleRefresh, both, passed},
	} {
		for _, under := range []string{"New", "Open"} {
			t.Run(tc.mode.String()+"/"+tc.strategy.String()+"/"+under, func(t *testing.T) {
				u, tr := newUpstream(t)
				fsys, _ := seed(t, tr)
				u.requests()
				later := t0.Add(2 * time.Hour)
				var log logs
				opts := []Option{WithFS(fsys), WithMode(tc.mode), WithTransport(tr),
					WithExpiry(hourRule), OnStale(tc.strategy), WithClock(newClock(later).Now)}
				ft := &fakeT{name: "TestRepo"}
				var rec *Recorder
				if under == "New" {
					var fatal string
					rec, fatal = newFake(ft, "c", opts...)
					assert.Equal(t, fatal, "")
				} else {
					var err error
					rec, err = Open("c", append(opts, WithLogger(log.Logf))...)
					assert.NilError(t, err)
				}
				logged := func() []string {
					if under == "New" {
						return ft.logs
					}
					return log.all()
				}

				fresh, freshInfo, ok, err := fetchInfo(rec.Client(), api+"/repos/2")
				assert.NilError(t, err)
				assert.Equal(t, fresh, `{"id":2,"name":"cassette","stars":7,"topics":[]}`)
				switch tc.mode {
				case ModeRerecord:
					assert.DeepEqual(t, freshInfo, ResponseInfo{RecordedAt: later})
				case ModePassthrough:
					assert.Assert(t, !ok, "Info of a passed-through response: %+v", freshInfo)
				default:
					assert.DeepEqual(t, freshInfo, ResponseInfo{FromCassette: true, RecordedAt: t0})
				}

				body, info, ok, err := fetchInfo(rec.Client(), api+"/repos/1")
				if tc.outcome == fail && under == "Open" {
					assert.ErrorIs(t, err, ErrStale)
					var se *StaleError
					assert.Assert(t, errors.As(err, &se))
					assert.Equal(t, se.Recorded.Line, 3)
					assert.Equal(t, se.Fix, "TAPEDECK_MODE=update <your program>, or open the recorder with recorder.WithMode(recorder.ModeUpdate)")
				} else {
					assert.NilError(t, err)
					assert.Equal(t, body, `{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`)
				}
				switch tc.outcome {
				case warn, fallback, fail:
					if !(tc.outcome == fail && under == "Open") {
						assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, Stale: true, RecordedAt: t0, ExpiresAt: t0.Add(time.Hour)})
					}
				case revalidated:
					assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, Revalidated: true, RecordedAt: later, ExpiresAt: later.Add(time.Hour)})
				case rerecorded:
					assert.DeepEqual(t, info, ResponseInfo{RecordedAt: later, ExpiresAt: later.Add(time.Hour)})
				case passed:
					assert.Assert(t, !ok)
				}
				assert.DeepEqual(t, u.requests(), tc.served)

				fix := "go test -run '^TestRepo$' -update ."
				if under == "Open" {
					fix = "TAPEDECK_MODE=update <your program>"
				}
				lines := logged()
				switch tc.outcome {
				case warn:
					assert.Equal(t, len(lines), 1, "%q", lines)
					assert.Assert(t, strings.HasPrefix(lines[0], "tapedeck: replaying a stale recording of GET http://api.example.test/repos/1\n  c.yaml:3, recorded 2026-11-24T12:00:00Z\n"), lines[0])
					assert.Assert(t, strings.Contains(lines[0], "stale: age 2h, rule \"api.example.test/**\"=1h, expired 1h ago"), lines[0])
					assert.Assert(t, strings.Contains(lines[0], "to refresh it, run:\n  "+fix), lines[0])
				case fallback:
					assert.Equal(t, len(lines), 1, "%q", lines)
					assert.Assert(t, strings.Contains(lines[0], "  not refreshed (OnStale(StaleRefresh)): mode "+tc.mode.String()+" (from WithMode) "), lines[0])
					assert.Assert(t, strings.Contains(lines[0], "to refresh it, run:\n  "+fix), lines[0])
				default:
					assert.DeepEqual(t, lines, []string(nil))
				}
				if under == "New" {
					if tc.outcome == fail {
						assert.Equal(t, len(ft.errors), 1, "%q", ft.errors)
						assert.Assert(t, strings.HasPrefix(ft.errors[0], "tapedeck: the recording is stale (OnStale(StaleFail)): GET http://api.example.test/repos/1\n"), ft.errors[0])
						assert.Assert(t, strings.HasSuffix(ft.errors[0], "to refresh it, run:\n  "+fix), ft.errors[0])
					} else {
						assert.DeepEqual(t, ft.errors, []string(nil))
					}
					ft.finish()
				} else {
					assert.NilError(t, rec.Close())
				}
			})
		}
	}
}
