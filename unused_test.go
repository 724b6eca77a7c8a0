package recorder

import (
	"net/http"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"
)

// TestUnusedReport: under New, recordings the test never used are logged
// (or ignored, or failed on) when it ends, except when the test failed or
// the mode replays nothing.
func TestUnusedReport(t *testing.T) {
	repo1 := func() *http.Request { return newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil) }
	all := func() []*http.Request {
		return []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos?page=1&per_page=50", nil, nil),
			newRequest(t, "POST", "https://api.example.com/repos", []byte(`{"name":"tapedeck","private":false,"topics":["http","testing"]}`),
				http.Header{"Content-Type": {"application/json"}}),
			repo1(),
		}
	}
	for _, tc := range []struct {
		name       string
		opts       []Option
		mode       Mode
		use        []*http.Request
		failed     bool // the test fails on its own
		wantLogs   int
		wantErrors int
	}{
		{name: "logged", mode: ModeReplay, use: []*http.Request{repo1()}, wantLogs: 1},
		{name: "ignored", mode: ModeReplay, opts: []Option{WithUnused(UnusedIgnore)}, use: []*http.Request{repo1()}},
		{name: "failure", mode: ModeReplay, opts: []Option{WithUnused(UnusedFail)}, use: []*http.Request{repo1()}, wantErrors: 1},
		{name: "test-failed", mode: ModeReplay, use: []*http.Request{repo1()}, failed: true, wantErrors: 1},
		{name: "all-used", mode: ModeReplay, opts: []Option{WithUnused(UnusedFail)}, use: all()},
		{name: "update-mode", mode: ModeUpdate, use: []*http.Request{repo1()}, wantLogs: 1},
		{name: "rerecord", mode: ModeRerecord},
		{name: "passthrough", mode: ModePassthrough},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := missCassette(t)
			ft := &fakeT{name: "TestRepo"}
			opts := append([]Option{WithFS(fsys), WithMode(tc.mode), WithTransport(&offline{})}, tc.opts...)
			rec, fatal := newFake(ft, "fixtures/repo", opts...)
			assert.Equal(t, fatal, "")
			for _, req := range tc.use {
				resp, err := rec.RoundTrip(req)
				assert.NilError(t, err)
				resp.Body.Close()
			}
			if tc.failed {
				ft.Errorf("the test failed")
			}
			ft.finish()
			assert.Equal(t, len(ft.logs), tc.wantLogs, "logs: %q", ft.logs)
			assert.Equal(t, len(ft.errors), tc.wantErrors, "errors: %q", ft.errors)
			if tc.name == "logged" {
				golden.Assert(t, ft.logs[0], "unused.golden")
			}
			if tc.name == "failure" {
				assert.Equal(t, ft.errors[0], readGolden(t, "unused.golden"))
			}
		})
	}
}

func readGolden(t *testing.T, name string) string {
	t.Helper()
	return string(golden.Get(t, name))
}

func TestWithUnusedRejectsOtherValues(t *testing.T) {
	_, err := Open("c", WithUnused(Unused(7)))
	assert.Error(t, err, "tapedeck: c: WithUnused(7): not an Unused value; use recorder.UnusedLog, UnusedIgnore or UnusedFail")
}

// TestMissReportNamesJSONField is the acceptance line: a JSON body
// with keys in another order and other spacing replays, one with a changed
// field misses with a report that names the field.
func TestMissReportNamesJSONField(t *testing.T) {
	_, tr, _ := apiServer(t)
	json := http.Header{"Content-Type": {"application/json"}}
	fsys := missCassette(t)
	rec, err := Open("post", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte(`{"a":1,"b":[1,2]}`), json))
	assert.NilError(t, rec.Close())

	rec, err = Open("post", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte(`{ "b": [1,2], "a": 1 }`), json))
	_, err = rec.Client().Do(newRequest(t, "POST", api+"/repos", []byte(`{"a":2,"b":[1,2]}`), json))
	assert.ErrorContains(t, err, `
    failed: body
    body $.a:
      - recorded: 1
      + live:     2
`)
}
