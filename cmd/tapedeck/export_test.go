package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func TestExportHAR(t *testing.T) {
	root := repoRoot(t)
	dir := t.TempDir()
	har := filepath.Join(dir, "example.har")
	r := tapedeck(t, root, "export", "--to", "har", "-o", har, filepath.Join("fixtures", "example.yaml"))
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, har+": wrote 10 entries from "+filepath.Join("fixtures", "example.yaml")+"\n"+
		"  note: HAR has no trailers: those of 1 interaction are left out\n")

	fixture, err := cassette.Load(afero.NewOsFs(), filepath.Join(root, "fixtures", "example.yaml"))
	assert.NilError(t, err)

	// The file has what HAR 1.2 requires of every entry.
	data, err := os.ReadFile(har)
	assert.NilError(t, err)
	var doc struct {
		Log struct {
			Version string           `json:"version"`
			Creator map[string]any   `json:"creator"`
			Entries []map[string]any `json:"entries"`
		} `json:"log"`
	}
	assert.NilError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, doc.Log.Version, "1.2")
	assert.Equal(t, doc.Log.Creator["name"], "tapedeck")
	assert.Equal(t, len(doc.Log.Entries), len(fixture.Interactions))
	for _, e := range doc.Log.Entries {
		for _, k := range []string{"startedDateTime", "time", "request", "response", "cache", "timings"} {
			assert.Check(t, e[k] != nil, "entry lacks %s", k)
		}
		for _, k := range []string{"method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"} {
			assert.Check(t, e["request"].(map[string]any)[k] != nil, "request lacks %s", k)
		}
		for _, k := range []string{"status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize"} {
			assert.Check(t, e["response"].(map[string]any)[k] != nil, "response lacks %s", k)
		}
	}
	var h harFile
	assert.NilError(t, json.Unmarshal(data, &h))
	gz := h.Log.Entries[8] // GET /gzip: decoded in the HAR, the header kept
	assert.Equal(t, gz.Response.Content.Size, int64(381))
	assert.Equal(t, gz.Response.Content.Compression, int64(381-48))
	assert.Equal(t, gz.Response.BodySize, int64(48))
	bin := h.Log.Entries[7] // GET /logo.bin: binary, in base64
	assert.Equal(t, bin.Response.Content.Encoding, "base64")
	assert.DeepEqual(t, bin.Request.QueryString, []harNameVal{{Name: "size", Value: "48"}})

	// Imported back, it replays what the cassette replays: the same
	// requests get the same statuses and (decoded) bodies.
	back := filepath.Join(dir, "back.yaml")
	r = tapedeck(t, dir, "import", "--from", "har", "-o", back, har)
	expect(t, r, exitOK)
	c, err := cassette.Load(afero.NewOsFs(), back)
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), len(fixture.Interactions))
	for i, want := range fixture.Interactions {
		got := c.Interactions[i]
		assert.Equal(t, got.Request.Method, want.Request.Method)
		assert.Equal(t, got.Request.URL, want.Request.URL)
		assert.DeepEqual(t, got.Request.Body, want.Request.Body)
		assert.Equal(t, got.Response.Code, want.Response.Code)
		assert.Equal(t, got.Response.Status, want.Response.Status)
		wantBody, _, err := cassette.DecodedBody(want.Response.Headers, want.Response.Body)
		assert.NilError(t, err)
		assert.DeepEqual(t, got.Response.Body, wantBody)
		assert.Equal(t, got.RecordedAt, want.RecordedAt)
	}
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
