package main

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func writeCassette(t *testing.T, path string, ins ...*cassette.Interaction) {
	t.Helper()
	assert.NilError(t, cassette.Save(afero.NewOsFs(), path, &cassette.Cassette{Version: cassette.Version, Interactions: ins}))
}

func jsonInteraction(method, url string, at time.Time, d time.Duration, code int, body string) *cassette.Interaction {
	return &cassette.Interaction{RecordedAt: at, Duration: d,
		Request: cassette.Request{Method: method, URL: url},
		Response: cassette.Response{Code: code, Status: http.StatusText(code),
			Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}}
}

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	later := at.Add(24 * time.Hour)
	writeCassette(t, filepath.Join(dir, "old.yaml"),
		jsonInteraction("GET", "https://api.example.com/repos/1", at, 80*time.Millisecond, 200, `{"id":1,"stars":41,"license":{"key":"mit"}}`),
		jsonInteraction("GET", "https://api.example.com/search?ts=1", at, 80*time.Millisecond, 200, `{"items":[]}`),
		jsonInteraction("DELETE", "https://api.example.com/repos/1/hooks/2", at, 80*time.Millisecond, 204, ``),
	)
	writeCassette(t, filepath.Join(dir, "new.yaml"),
		jsonInteraction("GET", "https://api.example.com/repos/1", later, 90*time.Millisecond, 200, `{"id":1,"stars":42,"license":null}`),
		jsonInteraction("GET", "https://api.example.com/search?ts=2", later, 80*time.Millisecond, 200, `{"items":[]}`),
		jsonInteraction("GET", "https://api.example.com/repos/1/topics", later, 80*time.Millisecond, 200, `{"names":["go"]}`),
	)
	writeCassette(t, filepath.Join(dir, "same.yaml"),
		jsonInteraction("GET", "https://api.example.com/repos/1", later, 0, 200, `{"id":1}`))

	r := tapedeck(t, dir, "diff", "old.yaml", "new.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, `#1 GET https://api.example.com/repos/1
    response body $.license: type changed (object of 1 → null)
    response body $.stars: changed (number 41 → number 42)
#2 GET https://api.example.com/search?ts=2
    url: changed (https://api.example.com/search?ts=1 → https://api.example.com/search?ts=2)
added: #3 GET https://api.example.com/repos/1/topics
removed: #3 DELETE https://api.example.com/repos/1/hooks/2
only moved: recorded_at in 2 interactions, duration in 1 interaction
`)

	r = tapedeck(t, dir, "diff", "--shape", "--exit-code", "old.yaml", "new.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, `#1 GET https://api.example.com/repos/1
    response body $.license: type changed (object of 1 → null)
#2 GET https://api.example.com/search?ts=2
    url: changed (https://api.example.com/search?ts=1 → https://api.example.com/search?ts=2)
added: #3 GET https://api.example.com/repos/1/topics
removed: #3 DELETE https://api.example.com/repos/1/hooks/2
only moved: recorded_at in 2 interactions, duration in 1 interaction
`)

	r = tapedeck(t, dir, "diff", "--markdown", "old.yaml", "new.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "### Changes in `new.yaml`\n\n| Interaction | Path | Change |\n|---|---|---|\n"+
		"| #1 GET https://api.example.com/repos/1 | `response body $.license` | type changed (object of 1 → null) |\n"+
		"| #1 GET https://api.example.com/repos/1 | `response body $.stars` | changed (number 41 → number 42) |\n"+
		"| #2 GET https://api.example.com/search?ts=2 | `url` | changed (https://api.example.com/search?ts=1 → https://api.example.com/search?ts=2) |\n"+
		"| #3 GET https://api.example.com/repos/1/topics | `interaction` | added |\n"+
		"| #3 DELETE https://api.example.com/repos/1/hooks/2 | `interaction` | removed |\n\n"+
		"Only moved: recorded_at in 2 interactions, duration in 1 interaction.\n")

	r = tapedeck(t, dir, "diff", "--exit-code", "same.yaml", "same.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "no changes\n")

	// git passes: path old-file old-hex old-mode new-file new-hex new-mode.
	r = tapedeck(t, dir, "diff", "--git", "fixtures/repo.yaml", "/dev/null", ".", ".", "same.yaml", "abc", "100644")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "tapedeck diff fixtures/repo.yaml\nadded: #1 GET https://api.example.com/repos/1\n")

	expect(t, tapedeck(t, dir, "diff", "old.yaml"), exitUsage)
	expect(t, tapedeck(t, dir, "diff", "--git", "old.yaml", "new.yaml"), exitUsage)
	r = tapedeck(t, dir, "diff", "old.yaml", "nope.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck diff: nope.yaml: no such file\n")
	r = tapedeck(t, dir, "diff", "--help")
	expect(t, r, exitOK)
}

func TestDiffBodyFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := largeText(2<<20), largeText(3<<20)
	small := []byte("a small body")
	_, old := writeBodyCassette(t, dir, "old.yaml",
		bodyCase{url: "https://cdn.example.com/same", contentType: "text/plain", body: a},
		bodyCase{url: "https://cdn.example.com/changed", contentType: "text/plain", body: a},
		bodyCase{url: "https://cdn.example.com/moved", contentType: "text/plain", body: small},
		bodyCase{url: "https://cdn.example.com/now-in-the-cassette", contentType: "text/plain", body: a},
		bodyCase{url: "https://cdn.example.com/emptied", contentType: "text/plain", body: a})
	_, cur := writeBodyCassette(t, dir, "new.yaml",
		bodyCase{url: "https://cdn.example.com/same", contentType: "text/plain", body: a},
		bodyCase{url: "https://cdn.example.com/changed", contentType: "text/plain", body: b},
		bodyCase{url: "https://cdn.example.com/moved", contentType: "text/plain", body: small, inline: true},
		bodyCase{url: "https://cdn.example.com/now-in-the-cassette", contentType: "text/plain", body: small, inline: true},
		bodyCase{url: "https://cdn.example.com/emptied", contentType: "text/plain", inline: true})
	name := func(c *cassette.Cassette, i int) string { return c.Interactions[i].Response.BodyFile[:12] + "…" }

	r := tapedeck(t, dir, "diff", "--exit-code", "old.yaml", "new.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, `#2 GET https://cdn.example.com/changed
    response body file: changed (`+name(old, 1)+`, 2.1 MB → `+name(cur, 1)+`, 3.1 MB)
#4 GET https://cdn.example.com/now-in-the-cassette
    response body: changed (body file `+name(old, 3)+`, 2.1 MB → 12 B in the cassette)
#5 GET https://cdn.example.com/emptied
    response body: removed (was body file `+name(old, 4)+`, 2.1 MB)
only moved: the response body between the cassette and a body file in 1 interaction
`)

	// --shape leaves changed bodies out, as it does any other.
	r = tapedeck(t, dir, "diff", "--shape", "old.yaml", "new.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, `#5 GET https://cdn.example.com/emptied
    response body: removed (was body file `+name(old, 4)+`, 2.1 MB)
only moved: the response body between the cassette and a body file in 1 interaction
`)

	r = tapedeck(t, dir, "diff", "--exit-code", "old.yaml", "old.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "no changes\n")
}
