package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
)

// memDisk makes the commands read and write a memory file system holding
// the files given, until the test ends.
func memDisk(t *testing.T, files map[string]string) afero.Fs {
	t.Helper()
	mem := afero.NewMemMapFs()
	for name, content := range files {
		assert.NilError(t, afero.WriteFile(mem, name, []byte(content), 0o644))
	}
	old := disk
	disk = mem
	t.Cleanup(func() { disk = old })
	return mem
}

func TestFindCassettesThroughDisk(t *testing.T) {
	cassette := "version: 1\ninteractions: []\n"
	memDisk(t, map[string]string{
		"fixtures/b.yaml":                cassette,
		"fixtures/a.yml":                 cassette,
		"fixtures/sub/c.yaml":            cassette,
		"fixtures/.git/d.yaml":           cassette,
		"fixtures/vendor/e.yaml":         cassette,
		"fixtures/ci.yaml":               "on: push\n",
		"fixtures/govcr.yaml":            "version: 2\ninteractions:\n    - id: 0\n",
		"fixtures/notes.txt":             cassette,
		"fixtures/node_modules/f.yaml":   cassette,
		"fixtures/sub/.hidden/g.yaml":    cassette,
		"elsewhere/named-anything.json":  "{}",
		"fixtures/sub/deeper/h.yaml.bak": cassette,
	})
	got, err := findCassettes([]string{"fixtures", "elsewhere/named-anything.json"})
	assert.NilError(t, err)
	assert.DeepEqual(t, got, []found{
		{path: "fixtures/a.yml"},
		{path: "fixtures/b.yaml"},
		{path: filepath.Join("fixtures", "sub", "c.yaml")},
		{path: "elsewhere/named-anything.json", named: true},
	}, cmp.AllowUnexported(found{}))

	_, err = findCassettes([]string{"missing"})
	assert.Error(t, err, "missing: file does not exist")
}

// TestCommandsWriteThroughDisk runs export and migrate in the process on
// a memory file system: what they write lands there, not on the disk.
func TestCommandsWriteThroughDisk(t *testing.T) {
	users, err := os.ReadFile(filepath.Join("testdata", "deck", "users.yaml"))
	assert.NilError(t, err)
	mem := memDisk(t, map[string]string{"deck/users.yaml": string(users)})

	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr}
	assert.Equal(t, run([]string{"export", "--to", "har", "deck/users.yaml"}, e), exitOK, stderr.String())
	assert.Equal(t, stdout.String(), "deck/users.har: wrote 5 entries from deck/users.yaml\n")
	data, err := afero.ReadFile(mem, "deck/users.har")
	assert.NilError(t, err)
	assert.Assert(t, bytes.Contains(data, []byte(`"version": "1.2"`)), string(data))
	_, err = os.Stat(filepath.Join("deck", "users.har"))
	assert.Assert(t, os.IsNotExist(err), "export wrote to the disk")

	stdout.Reset()
	assert.Equal(t, run([]string{"migrate", "deck"}, e), exitOK, stderr.String())
	assert.Assert(t, bytes.HasSuffix(stdout.Bytes(), []byte("of 1 cassette (format version 1)\n")), stdout.String())
}
