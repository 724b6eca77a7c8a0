package recorder

import (
	"flag"
	"net/http"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/updateflag"
)

func TestNewRecordsThenReplays(t *testing.T) {
	_, tr, served := apiServer(t)
	fsys := afero.NewMemMapFs()
	var first snapshot
	t.Run("record", func(t *testing.T) {
		rec := New(t, "fixtures/repo", WithFS(fsys), WithMode(ModeOnce), WithTransport(tr))
		first = get(t, rec.Client(), api+"/repos/1")
	})
	data, err := afero.ReadFile(fsys, "fixtures/repo.yaml")
	assert.NilError(t, err)
	assert.Assert(t, strings.HasPrefix(string(data),
		"# tapedeck cassette; refresh with: go test -run '^TestNewRecordsThenReplays$/^record$' -update .\n"), string(data))
	t.Run("replay", func(t *testing.T) {
		rec := New(t, "fixtures/repo", WithFS(fsys), WithMode(ModeOnce), WithTransport(&offline{}))
		assert.DeepEqual(t, get(t, rec.Client(), api+"/repos/1"), first)
	})
	assert.Equal(t, served.Load(), int64(1))
}

// missCassette is the cassette the miss reports are pinned against.
func missCassette(t *testing.T) afero.Fs {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{
		{Request: cassette.Request{Method: "GET", URL: "https://api.example.com/repos?page=1&per_page=50"},
			Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte("[]")}},
		{Request: cassette.Request{Method: "POST", URL: "https://api.example.com/repos",
			Headers: http.Header{"Content-Type": {"application/json"}},
			Body:    []byte(`{"name":"tapedeck","private":false,"topics":["http","testing"]}`)},
			Response: cassette.Response{Status: "201 Created", Code: 201, Body: []byte(`{"id":3}`)}},
		{Request: cassette.Request{Method: "GET", URL: "https://api.example.com/repos/1"},
			Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte(`{"id":1}`)}},
	}}
	assert.NilError(t, cassette.Save(fsys, "fixtures/repo.yaml", c))
	return fsys
}

// TestMissReport pins the text of the report a miss puts in the test log.
func TestMissReport(t *testing.T) {
	json := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name  string
		empty bool
		reqs  []*http.Request // all but the last replay; the last misses
	}{
		{name: "query-param", reqs: []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos?page=2&per_page=50", nil, nil)}},
		{name: "json-field", reqs: []*http.Request{
			newRequest(t, "POST", "https://api.example.com/repos",
				[]byte(`{"topics":["http","testing"],"private":true,"name":"tapedeck"}`), json)}},
		{name: "method", reqs: []*http.Request{
			newRequest(t, "DELETE", "https://api.example.com/repos/1", nil, nil)}},
		{name: "exhausted", reqs: []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil),
			newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil)}},
		{name: "empty-cassette", empty: true, reqs: []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := missCassette(t)
			if tc.empty {
				fsys = afero.NewMemMapFs()
				assert.NilError(t, cassette.Save(fsys, "fixtures/repo.yaml", &cassette.Cassette{Version: cassette.Version}))
			}
			ft := &fakeT{name: "TestRepo"}
			rec, fatal := newFake(ft, "fixtures/repo", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
			assert.Equal(t, fatal, "")
			last := len(tc.reqs) - 1
			for _, req := range tc.reqs[:last] {
				resp, err := rec.RoundTrip(req)
				assert.NilError(t, err)
				resp.Body.Close()
			}
			_, err := rec.RoundTrip(tc.reqs[last])
			assert.ErrorIs(t, err, ErrNoMatch)
			assert.Equal(t, len(ft.errors), 1)
			assert.Equal(t, ft.errors[0], err.Error())
			golden.Assert(t, ft.errors[0], "miss-"+tc.name+".golden")
			ft.finish()
		})
	}
}

func TestNewFailedTestSavesNothing(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	ft := &fakeT{name: "TestX"}
	rec, _ := newFake(ft, "c", WithFS(fsys), WithMode(ModeOnce), WithTransport(tr))
	get(t, rec.Client(), api+"/hello")
	ft.Errorf("the test failed")
	ft.finish()
	_, err := fsys.Stat("c.yaml")
	assert.Assert(t, err != nil, "a failed test wrote its cassette")
	assert.DeepEqual(t, ft.logs, []string{
		"tapedeck: the test failed, so 1 new interaction(s) were not saved to c.yaml; they are recorded again when it passes"})
}

func TestNewReportsSaveError(t *testing.T) {
	_, tr, _ := apiServer(t)
	ft := &fakeT{name: "TestX"}
	rec, _ := newFake(ft, "c", WithFS(afero.NewReadOnlyFs(afero.NewMemMapFs())), WithMode(ModeOnce), WithTransport(tr))
	get(t, rec.Client(), api+"/hello")
	ft.finish()
	assert.Equal(t, len(ft.errors), 1)
	assert.Assert(t, strings.HasPrefix(ft.errors[0], "tapedeck: saving 1 interaction(s) to c.yaml: "), ft.errors[0])
	// Close is idempotent and keeps reporting the first result.
	assert.Error(t, rec.Close(), ft.errors[0])
}

func TestNewReplayWithoutCassetteIsFatal(t *testing.T) {
	ft := &fakeT{name: "TestRepo/sub case"}
	_, fatal := newFake(ft, "fixtures/none", WithFS(afero.NewMemMapFs()), WithMode(ModeReplay))
	assert.Equal(t, fatal, "tapedeck: fixtures/none.yaml does not exist, and mode replay (from WithMode) never records: "+
		"to record it, run: go test -run '^TestRepo$/^sub case$' -update .; then commit it (read cassette: open fixtures/none.yaml: file does not exist)")
}

func TestRoundTripAfterClose(t *testing.T) {
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(&offline{}))
	assert.NilError(t, err)
	assert.NilError(t, rec.Close())
	_, err = rec.Client().Get(api + "/hello")
	assert.ErrorContains(t, err, "tapedeck: GET http://api.example.test/hello: the recorder for c.yaml is closed")
}

func TestTestCommand(t *testing.T) {
	assert.Equal(t, testCommand("TestRepo", "./thepkg"), "go test -run '^TestRepo$' -update ./thepkg")
	assert.Equal(t, testCommand("TestA/b.c/it's", "."), `go test -run '^TestA$/^b\.c$/^it'\''s$' -update .`)
}

// TestUpdateFlagSharedWithGolden checks, in this real test binary, that the
// -update flag is tapedeck's (registered before gotest.tools/v3 looked for
// one), that gotest.tools' golden package reads it, and that -update=all
// works.
func TestUpdateFlagSharedWithGolden(t *testing.T) {
	f := flag.Lookup("update")
	assert.Assert(t, f != nil)
	v, ok := f.Value.(*updateflag.Value)
	assert.Assert(t, ok, "the -update flag is a %T, not tapedeck's", f.Value)
	old := v.String()
	t.Cleanup(func() { assert.NilError(t, f.Value.Set(old)) })

	for _, tc := range []struct {
		set    string
		golden bool
		mode   Mode
	}{
		{"all", true, ModeRerecord},
		{"true", true, ModeUpdate},
		{"false", false, ModeOnce},
	} {
		assert.NilError(t, f.Value.Set(tc.set))
		assert.Equal(t, golden.FlagUpdate(), tc.golden, "-update=%s", tc.set)
		m, _, err := resolveMode(0, environment{getenv: func(string) string { return "" }, update: updateflag.Current})
		assert.NilError(t, err)
		assert.Equal(t, m, tc.mode, "-update=%s", tc.set)
	}
}
