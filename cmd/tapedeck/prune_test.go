package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func TestPrune(t *testing.T) {
	stale := []string{"--now", now, "--expire-after", "30d", "--expire-url", "cdn.example.com/static/*=never"}
	tests := []struct {
		name       string
		args       []string
		wantStdout string
		wantURLs   []string // what the cassette holds afterwards
	}{
		{
			name: "stale",
			args: stale,
			wantStdout: "users.yaml:28: removed interaction #2 GET https://api.example.com/users/2: stale: age 171d16h, session default=30d, expired 141d16h ago\n" +
				"removed 1 of 5 interactions from 1 cassette\n",
			wantURLs: []string{"/users/1", "/users", "/static/logo.png", "/users/1"},
		},
		{
			name: "duplicates",
			args: []string{"--duplicates"},
			wantStdout: "users.yaml:80: removed interaction #5 GET https://api.example.com/users/1: an exact duplicate of #1 (line 4)\n" +
				"removed 1 of 5 interactions from 1 cassette\n",
			wantURLs: []string{"/users/1", "/users/2", "/users", "/static/logo.png"},
		},
		{
			name: "both",
			args: append([]string{"--duplicates"}, stale...),
			wantStdout: "users.yaml:28: removed interaction #2 GET https://api.example.com/users/2: stale: age 171d16h, session default=30d, expired 141d16h ago\n" +
				"users.yaml:80: removed interaction #5 GET https://api.example.com/users/1: an exact duplicate of #1 (line 4)\n" +
				"removed 2 of 5 interactions from 1 cassette\n",
			wantURLs: []string{"/users/1", "/users", "/static/logo.png"},
		},
		{
			name:       "nothing to remove",
			args:       []string{"--now", now, "--expire-after", "365d"},
			wantStdout: "nothing to remove among 5 interactions in 1 cassette\n",
			wantURLs:   []string{"/users/1", "/users/2", "/users", "/static/logo.png", "/users/1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := copyFile(t, filepath.Join("testdata", "deck", "users.yaml"), dir)
			before, err := os.ReadFile(path)
			assert.NilError(t, err)

			// --dry-run says the same and changes nothing.
			r := tapedeck(t, dir, append([]string{"prune", "--dry-run"}, tt.args...)...)
			expect(t, r, exitOK)
			assert.Equal(t, r.stdout, strings.ReplaceAll(tt.wantStdout, "removed", "would remove"))
			after, err := os.ReadFile(path)
			assert.NilError(t, err)
			assert.Equal(t, string(after), string(before))

			r = tapedeck(t, dir, append([]string{"prune"}, tt.args...)...)
			expect(t, r, exitOK)
			assert.Equal(t, r.stdout, tt.wantStdout)
			c, err := cassette.Load(afero.NewOsFs(), path)
			assert.NilError(t, err)
			var urls []string
			for _, in := range c.Interactions {
				urls = append(urls, originForm(in.Request.URL))
			}
			assert.DeepEqual(t, urls, tt.wantURLs)
			assert.Equal(t, c.Comment, "tapedeck cassette; refresh with: go test -run '^TestUsers$' -update ./users")
		})
	}
}

func TestPruneKeepsInteractionsOfUnknownAge(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "old.yaml", `version: 1
interactions:
  - request:
      method: GET
      url: https://api.example.com/ping
    response:
      code: 204
`)
	r := tapedeck(t, dir, "prune", "--expire-after", "1h")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "old.yaml:3: kept interaction #1 GET https://api.example.com/ping: it has no recorded_at, so prune cannot tell its age\n"+
		"nothing to remove among 1 interaction in 1 cassette\n")
}

func TestPruneBodyFiles(t *testing.T) {
	setup := func(t *testing.T) (dir, path string, c *cassette.Cassette, orphan, temp string) {
		dir = t.TempDir()
		path, c = writeBodyCassette(t, dir, "fixtures/video.yaml",
			bodyCase{url: "https://cdn.example.com/a.mp4", contentType: "video/mp4", body: largeText(2 << 20)},
			bodyCase{url: "https://cdn.example.com/b.mp4", contentType: "video/mp4", body: largeText(3 << 20)})
		name, _ := writeBodyFile(t, path, []byte("a body the cassette no longer names"))
		orphan = filepath.Join(cassette.BodyDir(path), name)
		temp = writeFile(t, cassette.BodyDir(path), ".tmp-12345", "half a body")
		old := time.Now().Add(-2 * time.Hour)
		assert.NilError(t, os.Chtimes(temp, old, old))
		writeFile(t, cassette.BodyDir(path), ".tmp-67890", "a body being written now")
		return dir, path, c, orphan, temp
	}
	rel := func(t *testing.T, dir, p string) string {
		r, err := filepath.Rel(dir, p)
		assert.NilError(t, err)
		return r
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	t.Run("orphans", func(t *testing.T) {
		dir, path, c, orphan, temp := setup(t)
		want := "fixtures/video.yaml: removed body file " + rel(t, dir, temp) + ": a recording that was killed left it\n" +
			"fixtures/video.yaml: removed body file " + rel(t, dir, orphan) + ": no interaction names it\n" +
			"nothing to remove among 2 interactions in 1 cassette\n" +
			"removed 2 body files\n"

		r := tapedeck(t, dir, "prune", "--dry-run", "--orphans", "fixtures")
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, strings.ReplaceAll(want, "removed", "would remove"))
		assert.Assert(t, exists(orphan) && exists(temp))

		r = tapedeck(t, dir, "prune", "--orphans", "fixtures")
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, want)
		assert.Assert(t, !exists(orphan) && !exists(temp))
		for i := range c.Interactions {
			assert.Assert(t, exists(bodyFilePath(path, c, i)))
		}
		assert.Assert(t, exists(filepath.Join(cassette.BodyDir(path), ".tmp-67890")), "a young temporary file is kept")

		r = tapedeck(t, dir, "prune", "--orphans", "fixtures")
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, "nothing to remove among 2 interactions in 1 cassette\n")
	})
	t.Run("with a stale interaction", func(t *testing.T) {
		dir, path, c, orphan, _ := setup(t)
		c.Interactions[1].RecordedAt = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		assert.NilError(t, cassette.Save(afero.NewOsFs(), path, c)) // also removes the orphan and the old temporary file
		assert.Assert(t, !exists(orphan))
		stale := bodyFilePath(path, c, 1)
		args := []string{"--now", "2026-11-25T00:00:00Z", "--expire-after", "30d", "fixtures"}
		want := "fixtures/video.yaml:15: removed interaction #2 GET https://cdn.example.com/b.mp4: stale: age 693d, session default=30d, expired 663d ago\n" +
			"fixtures/video.yaml: removed body file " + rel(t, dir, stale) + ": no interaction names it\n" +
			"removed 1 of 2 interactions from 1 cassette\n" +
			"removed 1 body file\n"

		r := tapedeck(t, dir, append([]string{"prune", "--dry-run"}, args...)...)
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, strings.ReplaceAll(want, "removed", "would remove"))
		assert.Assert(t, exists(stale))

		r = tapedeck(t, dir, append([]string{"prune"}, args...)...)
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, want)
		assert.Assert(t, !exists(stale))
		assert.Assert(t, exists(bodyFilePath(path, c, 0)))
	})
}
