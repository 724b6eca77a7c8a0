package recorder

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/fixtureserver"
)

// TestFixturesAreCurrent records the fixture script against the loopback API
// again and checks that fixtures/example.yaml holds the same interactions
// (but for when they were recorded and how long they took), so the committed
// fixture is what the generator honestly produces. If it fails after a
// deliberate change to the API, run: go generate .
func TestFixturesAreCurrent(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("fresh", WithFS(fsys), WithMode(ModeRerecord), WithTransport(tr))
	assert.NilError(t, err)
	assert.NilError(t, fixtureserver.Exercise(&http.Client{Transport: rec}))
	assert.NilError(t, rec.Close())

	fresh, err := cassette.Load(fsys, "fresh.yaml")
	assert.NilError(t, err)
	committed, err := cassette.Load(afero.NewOsFs(), "fixtures/example.yaml")
	assert.NilError(t, err)
	ignore := cmpopts.IgnoreFields(cassette.Interaction{}, "RecordedAt", "Duration", "Line")
	if diff := cmp.Diff(committed.Interactions, fresh.Interactions, ignore); diff != "" {
		t.Errorf("fixtures/example.yaml is out of date; run go generate . (-committed +fresh):\n%s", diff)
	}
}
