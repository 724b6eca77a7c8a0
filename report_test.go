package recorder

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

// TestRedactionInMissReport checks that a miss report, which goes to the
// test log, shows the live request redacted.
func TestRedactionInMissReport(t *testing.T) {
	fsys := afero.NewMemMapFs()
	assert.NilError(t, cassette.Save(fsys, "c.yaml", &cassette.Cassette{Version: cassette.Version}))
	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	_, err = rec.RoundTrip(newRequest(t, "POST", api+"/login?api_key=key-aaa111", []byte(`{"password":"pw-aaa111"}`), nil))
	assert.ErrorIs(t, err, ErrNoMatch)
	assert.Assert(t, !strings.Contains(err.Error(), "aaa111"), "%s", err)
	assert.ErrorContains(t, err, "POST http://api.example.test/login?api_key=REDACTED")
}

// recordingTB is a testing.TB that keeps what the recorder reports.
type recordingTB struct {
	testing.TB
	errors []string
}

func (tb *recordingTB) Helper() {}

func (tb *recordingTB) Errorf(format string, args ...any) {
	tb.errors = append(tb.errors, fmt.Sprintf(format, args...))
}

// TestReportIsTheEdge checks that report hands an outcome's failure to the
// test and its note to the logger, once each, and returns what RoundTrip
// returns; and that under Open a failure is only returned.
func TestReportIsTheEdge(t *testing.T) {
	var logged []string
	logf := func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	tb := &recordingTB{TB: t}
	s, err := resolve("c", tb, []Option{WithFS(afero.NewMemMapFs()), WithLogger(logf), WithMode(ModeRecordMissing)}, osEnvironment)
	assert.NilError(t, err)
	r := &Recorder{set: s}

	failure := errors.New("the test fails")
	n := &note{headline: "tapedeck: a note about", request: &cassette.Request{Method: "GET", URL: "http://x/a"}, where: "c.yaml:3",
		recorded: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), fix: "to refresh it", command: "go test -update",
		verdict: expiry.Verdict{Stale: true, Age: 2 * time.Hour, Expire: expiry.After(time.Hour), Source: `rule "x/**"`}}
	resp, err := r.report(outcome{err: failure, fail: failure, note: n})
	assert.Assert(t, resp == nil)
	assert.Equal(t, err, failure)
	assert.DeepEqual(t, tb.errors, []string{"the test fails"})
	assert.DeepEqual(t, logged, []string{"tapedeck: a note about GET http://x/a\n  c.yaml:3, recorded 2026-11-24T12:00:00Z\n  stale: age 2h, rule \"x/**\"=1h, expired 1h ago\nto refresh it, run:\n  go test -update"})

	s.tb = nil // as under Open
	tb.errors, logged = nil, nil
	_, err = r.report(outcome{err: failure})
	assert.Equal(t, err, failure)
	assert.Assert(t, tb.errors == nil && logged == nil)
}
