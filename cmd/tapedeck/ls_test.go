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

func TestLsCountsBodyFiles(t *testing.T) {
	dir := t.TempDir()
	video := largeText(3 << 20)
	_, c := writeBodyCassette(t, dir, "fixtures/media.yaml",
		bodyCase{url: "https://cdn.example.com/a.mp4", contentType: "video/mp4", body: video},
		bodyCase{url: "https://cdn.example.com/a.mp4?again", contentType: "video/mp4", body: video},
		bodyCase{url: "https://cdn.example.com/b.mp4", contentType: "video/mp4", body: largeText(2 << 20)},
		bodyCase{url: "https://api.example.com/ok", contentType: "text/plain", body: []byte("ok"), inline: true})
	assert.Equal(t, c.Interactions[0].Response.BodyFile, c.Interactions[1].Response.BodyFile) // one file for equal bodies

	r := tapedeck(t, dir, "ls", "--now", "2026-12-01T00:00:00Z", "fixtures")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, `LOCATION                #  METHOD  URL                                  STATUS  SIZE           AGE  STATE
fixtures/media.yaml:3   1  GET     https://cdn.example.com/a.mp4        200     3.1 MB (file)  6d   fresh
fixtures/media.yaml:15  2  GET     https://cdn.example.com/a.mp4?again  200     3.1 MB (file)  6d   fresh
fixtures/media.yaml:27  3  GET     https://cdn.example.com/b.mp4        200     2.1 MB (file)  6d   fresh
fixtures/media.yaml:39  4  GET     https://api.example.com/ok           200     2 B            6d   fresh
4 interactions in 1 cassette (no expiry flags: nothing expires); 8.4 MB of response bodies, 5.2 MB in 2 body files
`)

	r = tapedeck(t, dir, "ls", "--json", "--now", now, "fixtures")
	expect(t, r, exitOK)
	var report lsReport
	assert.NilError(t, json.Unmarshal([]byte(r.stdout), &report))
	in := report.Cassettes[0].Interactions
	assert.Equal(t, in[0].BodySize, 3<<20)
	assert.Equal(t, in[0].BodyFile, c.Interactions[0].Response.BodyFile)
	assert.Equal(t, in[3].BodyFile, "")
	assert.DeepEqual(t, report.Totals, lsTotals{Cassettes: 1, Interactions: 4, BodyBytes: 2*(3<<20) + 2<<20 + 2,
		BodyFiles: 2, FileBytes: 3<<20 + 2<<20})
}
