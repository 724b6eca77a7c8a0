package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// handEdited holds what users.yaml's third interaction holds, written by
// hand: fields out of order, block-style headers, compact JSON.
const handEdited = `version: 1
interactions:
  - request:
      url: https://api.example.com/users
      method: POST
      body: '{"login":"grace"}'
      headers:
        Content-Type:
          - application/json
    duration: 120ms
    recorded_at: 2026-06-20T00:00:00Z
    response:
      code: 201
      status: 201 Created
      body: '{"id":3,"login":"grace"}'
      headers: {Location: [/users/3], Content-Type: [application/json]}
`

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	current := copyFile(t, filepath.Join("testdata", "deck", "users.yaml"), dir)
	edited := writeFile(t, dir, "edited.yaml", handEdited)
	currentBefore, err := os.ReadFile(current)
	assert.NilError(t, err)

	r := tapedeck(t, dir, "migrate", "--dry-run")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "edited.yaml: would be rewritten as tapedeck writes format version 1 (the text differs from line 3 on); no recorded byte would change\n"+
		"users.yaml: already as tapedeck writes format version 1, left alone\n"+
		"would rewrite 1 of 2 cassettes (format version 1)\n")
	data, err := os.ReadFile(edited)
	assert.NilError(t, err)
	assert.Equal(t, string(data), handEdited)

	r = tapedeck(t, dir, "migrate")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "edited.yaml: rewritten as tapedeck writes format version 1 (the text differs from line 3 on); no recorded byte changed\n"+
		"users.yaml: already as tapedeck writes format version 1, left alone\n"+
		"rewrote 1 of 2 cassettes (format version 1)\n")

	// The rewritten cassette holds what the hand-written one did, in the
	// text tapedeck writes.
	fsys := afero.NewOsFs()
	got, err := cassette.Load(fsys, edited)
	assert.NilError(t, err)
	want, err := cassette.Unmarshal([]byte(handEdited))
	assert.NilError(t, err)
	assert.DeepEqual(t, got, want, sameRecording)
	data, err = os.ReadFile(edited)
	assert.NilError(t, err)
	canonical, err := cassette.Marshal(want)
	assert.NilError(t, err)
	assert.Equal(t, string(data), string(canonical))

	after, err := os.ReadFile(current)
	assert.NilError(t, err)
	assert.Equal(t, string(after), string(currentBefore))

	// Run again: nothing left to do.
	r = tapedeck(t, dir, "migrate")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "edited.yaml: already as tapedeck writes format version 1, left alone\n"+
		"users.yaml: already as tapedeck writes format version 1, left alone\n"+
		"rewrote 0 of 2 cassettes (format version 1)\n")
}

func TestMigrateLeavesBrokenCassettesAlone(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "broken.yaml", malformed)
	r := tapedeck(t, dir, "migrate")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck migrate: broken.yaml:5: headers: want a mapping of names to lists of values, like \"Accept: [application/json]\", got a list\n")
	data, err := os.ReadFile(filepath.Join(dir, "broken.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, string(data), malformed)
}

func TestMigrateKeepsBodyFiles(t *testing.T) {
	dir := t.TempDir()
	path, c := writeBodyCassette(t, dir, "media.yaml",
		bodyCase{url: "https://cdn.example.com/a.mp4", contentType: "video/mp4", body: largeText(200 << 10)})
	name := c.Interactions[0].Response.BodyFile
	orphan, _ := writeBodyFile(t, path, []byte("no longer named"))
	// The same cassette by hand: body_size before body_file, flow headers.
	writeFile(t, dir, "media.yaml", "version: 1\ninteractions:\n  - recorded_at: 2026-11-24T12:00:00Z\n    request: {method: GET, url: https://cdn.example.com/a.mp4}\n"+
		"    response:\n      code: 200\n      status: 200 OK\n      proto: HTTP/1.1\n      headers: {Content-Type: [video/mp4]}\n"+
		"      body_size: 204800\n      body_file: "+name+"\n")

	r := tapedeck(t, dir, "migrate", "--dry-run")
	expect(t, r, exitOK)
	gone := filepath.Join("media.bodies", orphan)
	assert.Equal(t, r.stdout, "media.yaml: would be rewritten as tapedeck writes format version 1 (the text differs from line 4 on); no recorded byte would change\n"+
		"media.yaml: would remove body file "+gone+": no interaction names it\n"+
		"would rewrite 1 of 1 cassette (format version 1)\n")
	_, err := os.Stat(filepath.Join(dir, gone))
	assert.NilError(t, err)

	r = tapedeck(t, dir, "migrate")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "media.yaml: rewritten as tapedeck writes format version 1 (the text differs from line 4 on); no recorded byte changed\n"+
		"media.yaml: removed body file "+gone+": no interaction names it\n"+
		"rewrote 1 of 1 cassette (format version 1)\n")
	_, err = os.Stat(filepath.Join(dir, gone))
	assert.Assert(t, os.IsNotExist(err))
	back, err := cassette.Load(afero.NewOsFs(), path)
	assert.NilError(t, err)
	assert.Equal(t, back.Interactions[0].Response.BodyFile, name)
	r = tapedeck(t, dir, "check", "media.yaml")
	expect(t, r, exitOK)
}
