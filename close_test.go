package recorder

import (
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
)

func TestRoundTripAfterClose(t *testing.T) {
	rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(&offline{}))
	assert.NilError(t, err)
	assert.NilError(t, rec.Close())
	_, err = rec.Client().Get(api + "/hello")
	assert.ErrorContains(t, err, "tapedeck: GET http://api.example.test/hello: the recorder for c.yaml is closed")
}
