package english

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		word string
		want string
	}{
		{0, "interaction", "0 interactions"},
		{1, "interaction", "1 interaction"},
		{3, "cassette", "3 cassettes"},
		{1, "entry", "1 entry"},
		{2, "entry", "2 entries"},
		{2, "key", "2 keys"},
		{2, "day", "2 days"},
	} {
		assert.Equal(t, Plural(tt.n, tt.word), tt.want)
	}
}
