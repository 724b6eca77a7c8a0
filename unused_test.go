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
func TestWithUnusedRejectsOtherValues(t *testing.T) {
	_, err := Open("c", WithUnused(Unused(7)))
	assert.Error(t, err, "tapedeck: c: WithUnused(7): not an Unused value; use recorder.UnusedLog, UnusedIgnore or UnusedFail")
}
