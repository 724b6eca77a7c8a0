package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
