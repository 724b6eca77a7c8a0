package match

import (
	"net/http"
	"testing"

	"gotest.tools/v3/assert"
)

func TestVaryFields(t *testing.T) {
	assert.DeepEqual(t, VaryFields(http.Header{"Vary": {"accept, Foo", "", "FOO, *"}}), []string{"Accept", "Foo", "*"})
	assert.Assert(t, VaryFields(http.Header{}) == nil)
}

func TestVaries(t *testing.T) {
	names := []string{"Foo", "Accept-Language"}
	rec := http.Header{"Foo": {"1, 2"}, "Accept-Language": {"en, de"}}
	same := []http.Header{
		{"Foo": {"1", "2"}, "Accept-Language": {"de, en"}},
		{"Foo": {" 1,2 "}, "Accept-Language": {"eN ,  De"}},
	}
	for _, live := range same {
		assert.NilError(t, Varies(names, live, rec))
	}
	err := Varies(names, http.Header{"Foo": {"2"}}, rec)
	assert.Error(t, err, `vary differs: header Foo (Vary): recorded "1,2", live "2"; header Accept-Language (Vary): recorded "de,en", live (absent)`)
	assert.NilError(t, Varies([]string{"Bar", "*"}, http.Header{}, http.Header{}))
}
