package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/cassette"
)

// plantedToken is a GitHub-style token, built here so that no token
// literal sits in the repository for secret scanners to flag.
var plantedToken = "ghp_" + strings.Repeat("a1B2c3D4e5F6", 3)

// leaky is a cassette whose second interaction has a token in its body.
func leaky() string {
	return `version: 1
interactions:
  - request:
      method: GET
      url: https://api.example.com/user
    response:
      code: 200
      body: '{"login":"ada"}'
  - request:
      method: POST
      url: https://api.example.com/tokens
    response:
      code: 201
      headers:
        Content-Type: [application/json]
      body: '{"token":"` + plantedToken + `","scopes":["repo"]}'
`
}

// malformed has a list where a mapping belongs, on line 5.
const malformed = `version: 1
interactions:
  - request:
      method: GET
      headers: [Accept]
    response:
      code: 200
`

func TestCheckFindsAPlantedToken(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "cassettes/leaky.yaml", leaky())
	r := tapedeck(t, dir, "check", "cassettes")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, `cassettes/leaky.yaml:9: interaction #2 POST https://api.example.com/tokens: response.body $.token: GitHub token "ghp_…": `+
		`redact it where the cassette is recorded, with recorder.WithRedaction(redact.JSONField("$.token")), and re-record it `+
		`(revoke the credential if it was ever committed); if it is not a secret, pass --allow-field 'response.body $.token'`+"\n")
	assert.Equal(t, r.stderr, "tapedeck check: 1 problem in 1 of 1 cassette (2 interactions read)\n")

	// The way out the report names works.
	r = tapedeck(t, dir, "check", "--allow-field", "response.body $.token", "cassettes")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "")
	assert.Equal(t, r.stderr, "tapedeck check: 1 cassette, 2 interactions: no problems\n")
}

func TestCheckFindsAMalformedCassette(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "broken.yaml", malformed)
	r := tapedeck(t, dir, "check")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, "broken.yaml:5: headers: want a mapping of names to lists of values, like \"Accept: [application/json]\", got a list\n")

	writeFile(t, dir, "broken.yaml", "version: 1\ninteractions:\n  - request: {method: GET\n")
	r = tapedeck(t, dir, "check", "broken.yaml")
	expect(t, r, exitProblems)
	assert.Assert(t, regexp.MustCompile(`^broken\.yaml:\d+: invalid YAML: `).MatchString(r.stdout), r.stdout)
}

func TestCheckPassesTheProjectFixtures(t *testing.T) {
	r := tapedeck(t, repoRoot(t), "check", "fixtures")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "")
	assert.Assert(t, strings.HasSuffix(r.stderr, ": no problems\n"), r.stderr)
}

func TestCheckReport(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "fixtures/leaky.yaml", leaky())
	writeFile(t, dir, "fixtures/broken.yaml", malformed)
	writeFile(t, dir, "fixtures/newer.yaml", "version: 2\ninteractions: []\n")
	copyFile(t, filepath.Join("testdata", "deck", "users.yaml"), filepath.Join(dir, "fixtures"))
	writeFile(t, dir, ".github/workflows/ci.yml", "on: push\njobs: {}\n")
	writeFile(t, dir, "config.yaml", "name: not a cassette\n")
	copyFile(t, filepath.Join("testdata", "govcr", "example.yaml"), writeDir(t, dir, "govcr"))
	args := []string{"check", "--now", now, "--expire-after", "30d", "--expire-url", "cdn.example.com/static/*=never"}

	t.Run("text", func(t *testing.T) {
		r := tapedeck(t, dir, args...)
		expect(t, r, exitProblems)
		golden.Assert(t, r.stdout, filepath.Join("check", "report.golden"))
		assert.Equal(t, r.stderr, "tapedeck check: 6 problems in 4 of 4 cassettes (7 interactions read)\n")
	})
	t.Run("github", func(t *testing.T) {
		r := tapedeck(t, dir, append(args, "--format", "github")...)
		expect(t, r, exitProblems)
		golden.Assert(t, r.stdout, filepath.Join("check", "report-github.golden"))
	})
	t.Run("a go-vcr cassette named on the command line", func(t *testing.T) {
		r := tapedeck(t, dir, "check", "govcr/example.yaml")
		expect(t, r, exitProblems)
		assert.Equal(t, r.stdout, "govcr/example.yaml: this is a go-vcr cassette, not a tapedeck one: convert it with tapedeck import --from go-vcr govcr/example.yaml\n")
	})
}

func TestCheckWithoutCassettes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "empty/config.yaml", "name: not a cassette\n")
	r := tapedeck(t, dir, "check", "empty")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, `empty: no cassettes found: check the path; tapedeck looks for .yaml and .yml files with an "interactions:" line`+"\n")

	r = tapedeck(t, dir, "check", "missing")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, "missing: no such file or directory: name files and directories that exist\n")
}

func TestAnnotationEscaping(t *testing.T) {
	var b strings.Builder
	writeAnnotation(&b, "a,b:c.yaml", 3, "50% off\nnext line")
	assert.Equal(t, b.String(), "::error file=a%2Cb%3Ac.yaml,line=3,title=tapedeck check::50%25 off%0Anext line\n")
}

func writeDir(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	writeFile(t, p, ".keep", "")
	return p
}

func TestCheckBodyFiles(t *testing.T) {
	clean := func(t *testing.T) (string, string, *cassette.Cassette) {
		dir := t.TempDir()
		path, c := writeBodyCassette(t, dir, "fixtures/video.yaml",
			bodyCase{url: "https://cdn.example.com/log.txt", contentType: "text/plain", body: largeText(300 << 10)},
			bodyCase{url: "https://cdn.example.com/small", contentType: "text/plain", body: []byte("small"), inline: true})
		return dir, path, c
	}
	t.Run("intact", func(t *testing.T) {
		dir, _, _ := clean(t)
		r := tapedeck(t, dir, "check", "fixtures")
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, "")
		assert.Equal(t, r.stderr, "tapedeck check: 1 cassette, 2 interactions: no problems\n")
	})
	t.Run("damaged", func(t *testing.T) {
		dir, path, c := clean(t)
		file := bodyFilePath(path, c, 0)
		data, err := os.ReadFile(file)
		assert.NilError(t, err)
		data[len(data)/2] ^= 1 // one bit, same length
		assert.NilError(t, os.WriteFile(file, data, 0o644))
		r := tapedeck(t, dir, "check", "fixtures")
		expect(t, r, exitProblems)
		rel := filepath.Join("fixtures", "video.bodies", c.Interactions[0].Response.BodyFile)
		assert.Equal(t, r.stdout, "fixtures/video.yaml:3: interaction #1 GET https://cdn.example.com/log.txt: the body file "+rel+
			" does not hold the bytes whose SHA-256 names it (it hashes to "+sha256Hex(data)[:12]+"...): "+
			"restore it from version control, or record the cassette again (go test -update)\n")
		assert.Equal(t, r.stderr, "tapedeck check: 1 problem in 1 of 1 cassette (2 interactions read)\n")
	})
	t.Run("shorter", func(t *testing.T) {
		dir, path, c := clean(t)
		assert.NilError(t, os.Truncate(bodyFilePath(path, c, 0), 1000))
		r := tapedeck(t, dir, "check", "--format", "github", "fixtures")
		expect(t, r, exitProblems)
		assert.Assert(t, strings.HasPrefix(r.stdout, "::error file=fixtures/video.yaml,line=3,title=tapedeck check::interaction #1 GET"), r.stdout)
		assert.Assert(t, strings.Contains(r.stdout, "has 1000 bytes, not the body_size 307200"), r.stdout)
	})
	t.Run("missing", func(t *testing.T) {
		dir, path, c := clean(t)
		assert.NilError(t, os.Remove(bodyFilePath(path, c, 0)))
		r := tapedeck(t, dir, "check", "fixtures")
		expect(t, r, exitProblems)
		rel := filepath.Join("fixtures", "video.bodies", c.Interactions[0].Response.BodyFile)
		assert.Equal(t, r.stdout, "fixtures/video.yaml:3: interaction #1 GET https://cdn.example.com/log.txt: its body file "+rel+" is missing: "+
			"restore it from version control (commit the .bodies directory with the cassette), or re-record the cassette with go test -update\n")
	})
	t.Run("a token in a body file", func(t *testing.T) {
		dir := t.TempDir()
		// Past the first MiB, which the scan reads at once.
		body := append(largeText(1<<20+100<<10), []byte("\nexport GITHUB_TOKEN="+plantedToken+"\n")...)
		body = append(body, largeText(10<<10)...)
		writeBodyCassette(t, dir, "fixtures/logs.yaml",
			bodyCase{url: "https://ci.example.com/logs/1", contentType: "text/plain", body: body})
		r := tapedeck(t, dir, "check", "fixtures")
		expect(t, r, exitProblems)
		assert.Assert(t, strings.HasPrefix(r.stdout, `fixtures/logs.yaml:3: interaction #1 GET https://ci.example.com/logs/1: response.body: GitHub token "ghp_…"`), r.stdout)
		assert.Equal(t, strings.Count(r.stdout, "\n"), 1, r.stdout)
	})
	t.Run("a token in the request of a body file", func(t *testing.T) {
		dir := t.TempDir()
		writeBodyCassette(t, dir, "fixtures/logs.yaml",
			bodyCase{url: "https://ci.example.com/logs/1?token=" + plantedToken, contentType: "text/plain", body: largeText(300 << 10)})
		r := tapedeck(t, dir, "check", "fixtures")
		expect(t, r, exitProblems)
		assert.Assert(t, strings.Contains(r.stdout, `request.url query token: GitHub token "ghp_…"`), r.stdout)
	})
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
