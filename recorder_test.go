package recorder

import (
	"flag"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

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

// TestSequence: equal requests replay in recorded order, each once; one
// more is a miss that says the recordings were used up.
func TestSequence(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("seq", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	var recorded []string
	for range 3 {
		recorded = append(recorded, string(get(t, rec.Client(), api+"/count").Body))
	}
	assert.NilError(t, rec.Close())
	assert.DeepEqual(t, recorded, []string{`{"n":1}`, `{"n":2}`, `{"n":3}`})

	rec, err = Open("seq", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	for _, want := range recorded {
		assert.Equal(t, string(get(t, rec.Client(), api+"/count").Body), want)
	}
	_, err = rec.Client().Get(api + "/count")
	assert.ErrorContains(t, err, "the cassette has 3 recording(s) of this request, all already used: this is call 4")
}

// TestConcurrentIdentical: 100 goroutines sending the same request get the
// 100 recordings, each exactly once.
func TestConcurrentIdentical(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("same", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	for range 100 {
		get(t, rec.Client(), api+"/count")
	}
	assert.NilError(t, rec.Close())

	rec, err = Open("same", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := string(get(t, rec.Client(), api+"/count").Body)
			mu.Lock()
			seen[b]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	assert.Equal(t, len(seen), 100)
	for b, n := range seen {
		assert.Equal(t, n, 1, "response %s replayed %d times", b, n)
	}
}

// TestJSONBodyMatchesSemantically: a POST whose JSON body has other key order
// and spacing replays the recording.
func TestJSONBodyMatchesSemantically(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	json := http.Header{"Content-Type": {"application/json"}}
	rec, err := Open("post", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	want := do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte(`{"name":"a","tags":[1,2]}`), json))
	assert.NilError(t, rec.Close())

	rec, err = Open("post", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	got := do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte("{ \"tags\": [1, 2],\n  \"name\": \"a\" }"), json))
	assert.DeepEqual(t, got, want)
}
