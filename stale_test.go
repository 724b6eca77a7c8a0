package recorder

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/expiry"
)

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

// fetchInfo GETs url with "Accept: application/json" and returns the body,
// what Info says, and the error.
func fetchInfo(c *http.Client, url string) (string, ResponseInfo, bool, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return "", ResponseInfo{}, false, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", ResponseInfo{}, false, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	info, ok := Info(resp)
	return string(b), info, ok, err
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
