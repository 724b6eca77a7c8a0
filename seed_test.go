package recorder

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// createRepo is a test that puts a random name, drawn from rec.Seed(),
// into its request, as tests that create cloud resources do. It returns
// the seed and the name.
func createRepo(t *testing.T, rec *Recorder) (int64, string) {
	t.Helper()
	seed := rec.Seed()
	assert.Equal(t, rec.Seed(), seed, "Seed must return one value for the life of the Recorder")
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	name := fmt.Sprintf("test-repo-%d", rng.IntN(1_000_000_000))
	do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte(`{"name":"`+name+`"}`), http.Header{"Content-Type": {"application/json"}}))
	return seed, name
}

// TestSeedRecordedThenReplayed runs a test that names what it creates from
// Seed: the first run records the seed in the cassette, and the replay
// reads it back, so the request has the same name and matches.
func TestSeedRecordedThenReplayed(t *testing.T) {
	tr := echoServer(t)
	fsys := afero.NewMemMapFs()
	var recorded int64
	var name string
	t.Run("first run", func(t *testing.T) {
		rec := New(t, "c", WithFS(fsys), WithMode(ModeOnce), WithTransport(tr))
		recorded, name = createRepo(t, rec)
	})
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Assert(t, c.Seed != nil, "the seed was not saved")
	assert.Equal(t, *c.Seed, recorded)
	assert.Assert(t, strings.Contains(string(c.Interactions[0].Request.Body), name))

	for _, mode := range []Mode{ModeReplay, ModeOnce, ModeRecordMissing} {
		t.Run("then "+mode.String(), func(t *testing.T) {
			off := &offline{}
			rec := New(t, "c", WithFS(fsys), WithMode(mode), WithTransport(off))
			seed, again := createRepo(t, rec)
			assert.Equal(t, seed, recorded)
			assert.Equal(t, again, name)
			assert.Equal(t, off.used.Load(), int64(0))
		})
	}
}

// TestSeedAloneIsSaved checks that a new seed is saved even when the run
// recorded nothing else, since later runs need it.
func TestSeedAloneIsSaved(t *testing.T) {
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(&offline{}))
	assert.NilError(t, err)
	seed := rec.Seed()
	assert.NilError(t, rec.Close())
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Assert(t, c.Seed != nil)
	assert.Equal(t, *c.Seed, seed)
}

// TestSeedNotSaved checks the modes that do not write: in ModeReplay a
// cassette without a seed gets one that is not saved, and the test log
// says so with the command that records one.
func TestSeedNotSaved(t *testing.T) {
	fsys := afero.NewMemMapFs()
	assert.NilError(t, cassette.Save(fsys, "c.yaml", &cassette.Cassette{Version: cassette.Version}))
	before, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	ft := &fakeT{name: "TestX"}
	rec, fatal := newFake(ft, "c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.Equal(t, fatal, "")
	rec.Seed()
	ft.finish()
	assert.DeepEqual(t, ft.errors, []string(nil))
	assert.Equal(t, len(ft.logs), 1)
	assert.Assert(t, strings.HasPrefix(ft.logs[0], "tapedeck: c.yaml has no seed and mode replay (from WithMode) does not write it, so Seed returned one that is not saved; requests built from it will not match the recordings: to record them with a seed, run: go test -run '^TestX$' -update"), ft.logs[0])
	after, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, string(after), string(before))
}

// TestSeedRerecorded checks that ModeRerecord, which replaces the
// cassette, saves the seed it returned rather than the old one.
func TestSeedRerecorded(t *testing.T) {
	fsys := afero.NewMemMapFs()
	old := int64(42)
	assert.NilError(t, cassette.Save(fsys, "c.yaml", &cassette.Cassette{Version: cassette.Version, Seed: &old}))
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRerecord), WithTransport(&offline{}))
	assert.NilError(t, err)
	seed := rec.Seed()
	assert.NilError(t, rec.Close())
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, *c.Seed, seed)
	assert.Assert(t, seed != old, "ModeRerecord kept the old seed") // a random 42 is one chance in 2^64
}
