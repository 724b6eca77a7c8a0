package main

import (
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

// TestExportHAR runs export on the project's fixture and imports the file
// back; internal/har's tests check what the HAR holds.
func TestExportHAR(t *testing.T) {
	root := repoRoot(t)
	dir := t.TempDir()
	har := filepath.Join(dir, "example.har")
	r := tapedeck(t, root, "export", "--to", "har", "-o", har, filepath.Join("fixtures", "example.yaml"))
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, har+": wrote 10 entries from "+filepath.Join("fixtures", "example.yaml")+"\n"+
		"  note: HAR has no trailers: those of 1 interaction are left out\n")

	back := filepath.Join(dir, "back.yaml")
	r = tapedeck(t, dir, "import", "--from", "har", "-o", back, har)
	expect(t, r, exitOK)
	assert.Assert(t, strings.HasPrefix(r.stdout, back+": wrote 10 interactions from "+har+"\n"), r.stdout)
}

func TestExportRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "deck", "users.yaml"), dir)
	writeFile(t, dir, "users.har", "{}")
	r := tapedeck(t, dir, "export", "--to", "har", "users.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck export: users.har exists: pass --force to replace it, or -o to write elsewhere\n")
	r = tapedeck(t, dir, "export", "--to", "har", "--force", "users.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "users.har: wrote 5 entries from users.yaml\n")
}
