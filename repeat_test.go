package recorder

import (
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
)

// TestRepeats: with WithRepeats, calls beyond the recorded ones replay the
// last matching recording; requests that match nothing still miss.
func TestRepeats(t *testing.T) {
	_, tr, _ := apiServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("poll", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/count")
	get(t, rec.Client(), api+"/count")
	get(t, rec.Client(), api+"/hello")
	assert.NilError(t, rec.Close())

	rec, err = Open("poll", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithRepeats())
	assert.NilError(t, err)
	var got []string
	for range 4 {
		got = append(got, string(get(t, rec.Client(), api+"/count").Body))
	}
	assert.DeepEqual(t, got, []string{`{"n":1}`, `{"n":2}`, `{"n":2}`, `{"n":2}`})
	_, err = rec.Client().Get(api + "/repos/1")
	assert.ErrorIs(t, err, ErrNoMatch)
	assert.ErrorContains(t, err, "closest recorded interaction")

	// A mode that records sends the extra call and records it instead.
	rec, err = Open("poll", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), WithRepeats())
	assert.NilError(t, err)
	got = nil
	for range 3 {
		got = append(got, string(get(t, rec.Client(), api+"/count").Body))
	}
	assert.DeepEqual(t, got, []string{`{"n":1}`, `{"n":2}`, `{"n":4}`})
	assert.NilError(t, rec.Close())
}
