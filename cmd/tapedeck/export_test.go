package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
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

func TestExportHARWithBodyFiles(t *testing.T) {
	dir := t.TempDir()
	video := randomish(300 << 10)
	report := []byte(`{"rows":[` + strings.Repeat(`{"n":1},`, 20000) + `{"n":2}]}`)
	_, c := writeBodyCassette(t, dir, "media.yaml",
		bodyCase{url: "https://cdn.example.com/video.mp4", contentType: "video/mp4", body: video},
		bodyCase{url: "https://api.example.com/report", contentType: "application/json", body: report})

	r := tapedeck(t, dir, "export", "--to", "har", "media.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "media.har: wrote 2 entries from media.yaml\n")
	data, err := os.ReadFile(filepath.Join(dir, "media.har"))
	assert.NilError(t, err)
	var h struct {
		Log struct {
			Entries []struct {
				Response struct {
					BodySize int64 `json:"bodySize"`
					Content  struct {
						Size     int64  `json:"size"`
						Text     string `json:"text"`
						Encoding string `json:"encoding"`
					} `json:"content"`
				} `json:"response"`
			} `json:"entries"`
		} `json:"log"`
	}
	assert.NilError(t, json.Unmarshal(data, &h))
	assert.Equal(t, len(h.Log.Entries), 2)
	v := h.Log.Entries[0].Response
	assert.Equal(t, v.BodySize, int64(len(video)))
	assert.Equal(t, v.Content.Encoding, "base64")
	decoded, err := base64.StdEncoding.DecodeString(v.Content.Text)
	assert.NilError(t, err)
	assert.Assert(t, bytes.Equal(decoded, video))
	assert.Equal(t, h.Log.Entries[1].Response.Content.Text, string(report))

	// Back in, the large bodies go to body files again, the same ones.
	r = tapedeck(t, dir, "import", "--from", "har", "--body-files-over", "100KiB", "-o", "back.yaml", "media.har")
	expect(t, r, exitOK)
	back, err := cassette.Load(afero.NewOsFs(), filepath.Join(dir, "back.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, back.Interactions[0].Response.BodyFile, c.Interactions[0].Response.BodyFile)
	assert.Equal(t, back.Interactions[1].Response.BodyFile, c.Interactions[1].Response.BodyFile)

	// A body file over the limit is an error that says how to raise it.
	r = tapedeck(t, dir, "export", "--to", "har", "--force", "--max-body-file", "200KiB", "media.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck export: media.yaml:3: interaction #1 GET https://cdn.example.com/video.mp4: its body file media.bodies/"+
		c.Interactions[0].Response.BodyFile[:12]+"… holds 307.2 kB, more than the 204.8 kB read into memory: "+
		"pass a larger --max-body-file to export it (the HAR file holds it, in base64 when it is binary)\n")

	// A damaged one is an error too.
	assert.NilError(t, os.WriteFile(filepath.Join(dir, "media.bodies", c.Interactions[1].Response.BodyFile), []byte("{}"), 0o644))
	r = tapedeck(t, dir, "export", "--to", "har", "--force", "media.yaml")
	expect(t, r, exitProblems)
	assert.Assert(t, strings.HasPrefix(r.stderr, "tapedeck export: media.yaml:15: interaction #2 GET https://api.example.com/report: the body file media.bodies/"), r.stderr)
	assert.Assert(t, strings.Contains(r.stderr, "has 2 bytes, not the body_size"), r.stderr)
}
