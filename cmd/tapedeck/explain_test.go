package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

func TestExplain(t *testing.T) {
	fixture := filepath.Join(repoRoot(t), "fixtures", "example.yaml")

	r := tapedeck(t, ".", "explain", fixture, "http://api.example.test/repos/2")
	expect(t, r, exitOK)
	lines := strings.Split(r.stdout, "\n")
	assert.DeepEqual(t, lines[:4], []string{
		"request: GET http://api.example.test/repos/2",
		"#2 (line 29) GET http://api.example.test/repos/2: matches, and answers the request",
		"#1 (line 3) GET http://api.example.test/repos/1: does not match: url differs",
		`    url path: recorded "/repos/1", request "/repos/2"`,
	})

	r = tapedeck(t, ".", "explain", "-X", "PUT", fixture, "http://api.example.test/repos/2")
	expect(t, r, exitProblems)
	assert.Assert(t, strings.Contains(r.stdout, "no interaction matches; the closest first:\n#2 (line 29) GET http://api.example.test/repos/2: does not match: method differs\n"), r.stdout)

	// The body from the standard input, JSON compared semantically.
	cmd := commandIn(t, ".", "explain", "-H", "Content-Type: application/json", "--body", "-", fixture, "http://api.example.test/repos")
	cmd.Stdin = strings.NewReader(`{"private": false, "name": "new-repo"}`)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	assert.NilError(t, cmd.Run())
	assert.Assert(t, strings.Contains(stdout.String(), "#4 (line 71) POST http://api.example.test/repos: matches, and answers the request\n"), stdout.String())

	// And from a file.
	dir := t.TempDir()
	body := writeFile(t, dir, "body.json", `{"name":"other"}`)
	r = tapedeck(t, ".", "explain", "-H", "Content-Type: application/json", "--body", body, fixture, "http://api.example.test/repos")
	expect(t, r, exitProblems)
	assert.Assert(t, strings.Contains(r.stdout, "#4 (line 71) POST http://api.example.test/repos: does not match: body differs\n    body $.name: recorded \"new-repo\", request \"other\"\n"), r.stdout)
}

func TestExplainErrors(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "deck", "users.yaml"), dir)
	for _, args := range [][]string{{"users.yaml"}, {"users.yaml", "/relative"}, {"-H", "nocolon", "users.yaml", "http://h/"}} {
		expect(t, tapedeck(t, dir, append([]string{"explain"}, args...)...), exitUsage)
	}
	r := tapedeck(t, dir, "explain", "nope.yaml", "http://h/")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck explain: nope.yaml: no such file\n")
	r = tapedeck(t, dir, "explain", "--body", "missing.json", "users.yaml", "http://h/")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck explain: --body missing.json: no such file or directory\n")
}
