package recorder

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestTestCommand(t *testing.T) {
	assert.Equal(t, testCommand("TestRepo", "./thepkg"), "go test -run '^TestRepo$' -update ./thepkg")
	assert.Equal(t, testCommand("TestA/b.c/it's", "."), `go test -run '^TestA$/^b\.c$/^it'\''s$' -update .`)
}
