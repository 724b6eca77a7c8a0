package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"
)

// now is the clock of the tests that judge ages: the deck's cassettes were
// recorded in the first half of 2026.
const now = "2026-07-01T00:00:00Z"

func TestLs(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "no-expiry", args: []string{"ls", "--now", now, "deck"}},
		{name: "expiry", args: []string{"ls", "deck", "--now", now, "--expire-after", "30d", "--expire-url", "cdn.example.com/static/*=never"}},
		{name: "a-file", args: []string{"ls", "--now", now, "--expire-after", "90d", "deck/users.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tapedeck(t, "testdata", tt.args...)
			expect(t, r, exitOK)
			assert.Equal(t, r.stderr, "")
			golden.Assert(t, r.stdout, filepath.Join("ls", tt.name+".golden"))
		})
	}
}

func TestLsJSON(t *testing.T) {
	r := tapedeck(t, "testdata", "ls", "--json", "--now", now, "--expire-after", "30d", "deck")
	expect(t, r, exitOK)
	var report lsReport
	assert.NilError(t, json.Unmarshal([]byte(r.stdout), &report))
	assert.Equal(t, len(report.Cassettes), 1)
	c := report.Cassettes[0]
	assert.Equal(t, c.Path, filepath.Join("deck", "users.yaml"))
	assert.Equal(t, len(c.Interactions), 5)
	second := c.Interactions[1]
	assert.Equal(t, second.Number, 2)
	assert.Equal(t, second.Method, "GET")
	assert.Equal(t, second.URL, "https://api.example.com/users/2")
	assert.Equal(t, second.Status, 404)
	assert.Equal(t, second.State, "stale")
	assert.Equal(t, *second.AgeSeconds, int64(171*24*3600+16*3600))
	assert.Equal(t, second.ExpiresAt.Format("2006-01-02T15:04:05Z07:00"), "2026-02-09T08:00:00Z")
	assert.DeepEqual(t, report.Totals, lsTotals{Cassettes: 1, Interactions: 5, Stale: 2, BodyBytes: sumSizes(c)})
	assert.DeepEqual(t, report.Errors, []lsError{})
}

func sumSizes(c lsCassette) int {
	n := 0
	for _, in := range c.Interactions {
		n += in.BodySize
	}
	return n
}

func TestLsReportsBrokenCassettesAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/deck/users.yaml", dir)
	writeFile(t, dir, "broken.yaml", "version: 1\ninteractions:\n  - request: [oops]\n")
	r := tapedeck(t, dir, "ls", "--now", now)
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck ls: broken.yaml:3: request: want a mapping of fields (method, url, headers, body_encoding, compression_level, body_format, body, aws_trailer, aws_chunk_size), got a list\n")
	golden.Assert(t, r.stdout, filepath.Join("ls", "with-error.golden"))
}
