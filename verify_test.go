package recorder

import (
	"net/http"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/match"
)

// TestVerifyRecordings records the same search twice with another
// timestamp and a nonce in its JSON body: the second run's report names
// both fields, and the matcher it suggests makes a third run replay.
func TestVerifyRecordings(t *testing.T) {
	fsys := afero.NewMemMapFs()
	live := &liveTransport{}
	run := func(ts, nonce string, opts ...Option) error {
		tb := &recordingTB{TB: t}
		r, err := open("search", tb, append([]Option{WithFS(fsys), WithTransport(live), VerifyRecordings()}, opts...))
		assert.NilError(t, err)
		req := newRequest(t, "POST", api+"/search?q=tapes&ts="+ts, []byte(`{"q":"tapes","nonce":"`+nonce+`"}`),
			http.Header{"Content-Type": {"application/json"}})
		resp, err := r.RoundTrip(req)
		assert.NilError(t, err)
		resp.Body.Close()
		return r.Close()
	}
	assert.NilError(t, run("1764676800", "9f86d081884c7d659a2feaa0c55ad015", WithMode(ModeRecordMissing)), "the first run has nothing to compare with")
	err := run("1764676861", "2c26b46b68ffc68ff99b453c1d304134", WithMode(ModeRecordMissing))
	assert.ErrorContains(t, err, "1 request(s) recorded by this run differ from what the earlier run recorded")
	assert.ErrorContains(t, err, `query ts: earlier "1764676800", now "1764676861"`)
	assert.ErrorContains(t, err, `body $.nonce: earlier "9f86d081884c7d659a2feaa0c55ad015", now "2c26b46b68ffc68ff99b453c1d304134"`)
	const fix = `recorder.WithMatcher(match.All(match.Method(), match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams("ts")), match.JSON(match.IgnorePaths("$.nonce"))))`
	assert.ErrorContains(t, err, fix)

	// The suggested matcher replays a third run, whatever it sends.
	before := live.n.Load()
	m := match.All(match.Method(), match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams("ts")), match.JSON(match.IgnorePaths("$.nonce")))
	assert.NilError(t, run("1764676922", "fcde2b2edba56bf408601fb721fe9b5c", WithMode(ModeReplay), WithMatcher(m)))
	assert.Equal(t, live.n.Load(), before, "the third run went to the network")
}

// TestVerifyRecordingsStable: a re-recording that sends what the earlier
// run sent says nothing.
func TestVerifyRecordingsStable(t *testing.T) {
	fsys := afero.NewMemMapFs()
	for _, mode := range []Mode{ModeRecordMissing, ModeRerecord} {
		r, err := open("stable", &recordingTB{TB: t}, []Option{WithFS(fsys), WithTransport(&liveTransport{}), VerifyRecordings(), WithMode(mode)})
		assert.NilError(t, err)
		resp, err := r.RoundTrip(newRequest(t, "GET", api+"/hello", nil, nil))
		assert.NilError(t, err)
		resp.Body.Close()
		assert.NilError(t, r.Close(), "mode %s", mode)
	}
}

func TestIgnoring(t *testing.T) {
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"query", []string{"query ts", "query nonce", "query ts"}, `recorder.WithMatcher(match.All(match.Method(), match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams("ts", "nonce")), match.Body()))`},
		{"json", []string{"body $.id"}, `recorder.WithMatcher(match.All(match.Method(), match.URL(), match.JSON(match.IgnorePaths("$.id"))))`},
		{"form", []string{"body csrf"}, `recorder.WithMatcher(match.All(match.Method(), match.URL(), match.Form(match.IgnoreParams("csrf"))))`},
		{"a path cannot be ignored", []string{"url path"}, ""},
		{"json and form", []string{"body $.id", "body csrf"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, ignoring(tc.paths), tc.want)
		})
	}
}

func TestVolatileHint(t *testing.T) {
	for _, tc := range []struct {
		name           string
		recorded, live string
		volatile       bool
	}{
		{"unix seconds", `"1764676800"`, `"1764676861"`, true},
		{"unix milliseconds", `"1764676800123"`, `"1764676861456"`, true},
		{"RFC 3339", `"2026-12-02T12:00:00Z"`, `"2026-12-02T12:01:00Z"`, true},
		{"UUID", `"0e9a3a4c-5f1b-4c2e-9a51-7f1d9b0c1e2a"`, `"6d3b2c1a-0f9e-4d8c-b7a6-5e4d3c2b1a09"`, true},
		{"hex nonce", `"9f86d081884c7d659a2feaa0c55ad015"`, `"2c26b46b68ffc68ff99b453c1d304134"`, true},
		{"small numbers", `"1"`, `"2"`, false},
		{"words", `"alice"`, `"bob"`, false},
		{"one side volatile", `"1764676800"`, `"soon"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := match.Mismatches{{Matcher: "url", Differences: []match.Difference{{Path: "query ts", Recorded: tc.recorded, Live: tc.live}}}}
			assert.Equal(t, volatileHint(ms) != "", tc.volatile)
		})
	}
}

// TestMissReportNotesVolatileFields: in replay, a miss whose closest
// recording differs only in a timestamp says so, with the fix.
func TestMissReportNotesVolatileFields(t *testing.T) {
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(&liveTransport{}))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/feed?since=1764676800")
	assert.NilError(t, rec.Close())

	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	_, err = rec.RoundTrip(newRequest(t, "GET", api+"/feed?since=1764676861", nil, nil))
	assert.ErrorContains(t, err, "note: the values that differ look like they change on every run (a time, an ID, a nonce); to match whatever they hold, use:\n"+
		`  recorder.WithMatcher(match.All(match.Method(), match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams("since")), match.Body()))`)
}
