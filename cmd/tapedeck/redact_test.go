package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

func weatherCassette(t *testing.T, path string) {
	t.Helper()
	in := &cassette.Interaction{RecordedAt: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
		Request: cassette.Request{Method: "GET", URL: "https://api.example.com/forecast?api_key=k-12345&city=oslo"},
		Response: cassette.Response{Code: 200, Status: "200 OK", Headers: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`{"temp":-3,"session":"s-778"}`)}}
	writeCassette(t, path, in, textInteraction("/hello", "hi"))
}

// replays opens path in replay mode and sends GET url through it.
func replays(t *testing.T, path, url string) string {
	t.Helper()
	rec, err := recorder.Open(path, recorder.WithMode(recorder.ModeReplay))
	assert.NilError(t, err)
	defer rec.Close()
	resp, err := rec.Client().Get(url)
	assert.NilError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	return string(b)
}

func TestRedactInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fixtures", "weather.yaml")
	weatherCassette(t, path)
	before, err := os.ReadFile(path)
	assert.NilError(t, err)

	r := tapedeck(t, dir, "redact", "--dry-run", "--redact-query", "api_key", "--redact-json", "$.session", "fixtures")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "fixtures/weather.yaml:3: would redact #1 GET https://api.example.com/forecast?api_key=REDACTED&city=oslo (url, response body)\n")
	after, err := os.ReadFile(path)
	assert.NilError(t, err)
	assert.Equal(t, string(after), string(before), "--dry-run wrote")

	r = tapedeck(t, dir, "redact", "--redact-query", "api_key", "--redact-json", "$.session", "fixtures")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "fixtures/weather.yaml:3: redacted #1 GET https://api.example.com/forecast?api_key=REDACTED&city=oslo (url, response body)\n"+
		"fixtures/weather.yaml: wrote 2 interactions, 1 redacted; rules: query api_key, json $.session\n")
	data, err := os.ReadFile(path)
	assert.NilError(t, err)
	assert.Assert(t, !strings.Contains(string(data), "k-12345") && !strings.Contains(string(data), "s-778"), string(data))
	assert.Assert(t, strings.Contains(string(data), "redact:\n  query: [api_key]\n  json: [$.session]\n"), string(data))
	c, err := cassette.Load(afero.NewOsFs(), path)
	assert.NilError(t, err)
	assert.DeepEqual(t, c.Redact, &cassette.Redaction{Query: []string{"api_key"}, JSON: []string{"$.session"}})

	// Replay redacts the live request with the cassette's rules: the real
	// key still matches.
	assert.Equal(t, replays(t, path, "https://api.example.com/forecast?api_key=k-12345&city=oslo"), `{"temp":-3,"session":"REDACTED"}`)

	// explain does too.
	r = tapedeck(t, dir, "explain", "fixtures/weather.yaml", "https://api.example.com/forecast?api_key=other&city=oslo")
	expect(t, r, exitOK)
	assert.Assert(t, strings.HasPrefix(r.stdout, "request: GET https://api.example.com/forecast?api_key=REDACTED&city=oslo\n#1 (line "), r.stdout)

	// Running again changes nothing and keeps the rules, each once.
	r = tapedeck(t, dir, "redact", "--redact-query", "api_key", "fixtures/weather.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "fixtures/weather.yaml: wrote 2 interactions, 0 redacted; rules: query api_key, json $.session\n")
}

func TestRedactReportsWhatIsLeft(t *testing.T) {
	dir := t.TempDir()
	writeCassette(t, filepath.Join(dir, "tokens.yaml"), &cassette.Interaction{
		Request: cassette.Request{Method: "POST", URL: "https://api.example.com/tokens"},
		Response: cassette.Response{Code: 201, Status: "201 Created", Headers: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`{"id":7,"value":"` + plantedToken + `"}`)}})
	r := tapedeck(t, dir, "redact", "tokens.yaml")
	expect(t, r, exitProblems)
	assert.Assert(t, strings.Contains(r.stdout, "redact it with --redact-json '$.value'"), r.stdout)
	assert.Equal(t, r.stderr, "tapedeck redact: tokens.yaml: the secret scanner still finds 1 value (see above)\n")
	r = tapedeck(t, dir, "redact", "--redact-json", "$.value", "tokens.yaml")
	expect(t, r, exitOK)

	expect(t, tapedeck(t, dir, "redact"), exitUsage)
	expect(t, tapedeck(t, dir, "redact", "--redact-pattern", "(", "tokens.yaml"), exitUsage)
	expect(t, tapedeck(t, dir, "redact", "nope.yaml"), exitProblems)
}

// TestImportWritesItsRules is the import gap: a redaction chosen at import
// time is known at replay, so live requests with the real value match.
func TestImportWritesItsRules(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "s.har", `{"log": {"version": "1.2", "entries": [{"startedDateTime": "2026-01-05T10:00:00Z", "time": 2,
 "request": {"method": "GET", "url": "https://api.example.com/search?sig=abc&q=go"},
 "response": {"status": 200, "content": {"mimeType": "text/plain", "text": "found"}}}]}}`)
	r := tapedeck(t, dir, "import", "--from", "har", "--redact-query", "sig", "s.har")
	expect(t, r, exitOK)
	assert.Equal(t, replays(t, filepath.Join(dir, "s.yaml"), "https://api.example.com/search?sig=abc&q=go"), "found")
}

func TestRedactLeavesBodyFilesAlone(t *testing.T) {
	dir := t.TempDir()
	clean := largeText(200 << 10)
	leaky := append(largeText(200<<10), []byte("\ntoken="+plantedToken+"\n")...)
	path, c := writeBodyCassette(t, dir, "fixtures/logs.yaml",
		bodyCase{url: "https://ci.example.com/logs/1?api_key=k-12345", contentType: "text/plain", body: clean},
		bodyCase{url: "https://ci.example.com/logs/2", contentType: "text/plain", body: leaky})
	files := []string{bodyFilePath(path, c, 0), bodyFilePath(path, c, 1)}

	r := tapedeck(t, dir, "redact", "--redact-query", "api_key", "fixtures")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, "fixtures/logs.yaml:3: redacted #1 GET https://ci.example.com/logs/1?api_key=REDACTED (url)\n"+
		`fixtures/logs.yaml:15: interaction #2 GET https://ci.example.com/logs/2: response.body: GitHub token "ghp_…": `+
		"it is in the body file "+filepath.Join("fixtures", "logs.bodies", c.Interactions[1].Response.BodyFile)+", which redact does not rewrite: "+
		"redact it where the cassette is recorded, with recorder.WithRedaction(redact.Pattern(regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`), \"REDACTED_GITHUB_TOKEN\")), "+
		"and record the cassette again (revoke the credential if it was ever committed); "+
		"or if it is not a secret, accept it with --allow-field response.body\n"+
		"fixtures/logs.yaml: left 2 body files untouched: redact does not rewrite body files\n"+
		"fixtures/logs.yaml: wrote 2 interactions, 1 redacted; rules: query api_key\n")
	assert.Equal(t, r.stderr, "tapedeck redact: fixtures/logs.yaml: the secret scanner still finds 1 value (see above)\n")

	back, err := cassette.Load(afero.NewOsFs(), path)
	assert.NilError(t, err)
	for i, in := range back.Interactions {
		assert.Equal(t, in.Response.BodyFile, c.Interactions[i].Response.BodyFile)
		assert.Equal(t, in.Response.BodySize, c.Interactions[i].Response.BodySize)
	}
	assert.Equal(t, back.Interactions[0].Request.URL, "https://ci.example.com/logs/1?api_key=REDACTED")
	for i, f := range files {
		data, err := os.ReadFile(f)
		assert.NilError(t, err)
		assert.Equal(t, sha256Hex(data), c.Interactions[i].Response.BodyFile)
	}
}
