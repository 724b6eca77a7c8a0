package main

import (
	"bytes"
	"os"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

// TestRun runs the example with a fixed clock and pins what it prints, so
// the program cannot rot: the second run must be served from the cassette.
func TestRun(t *testing.T) {
	t.Setenv("TAPEDECK_MODE", "") // AsCache's own mode, whatever the caller's environment says
	dir := t.TempDir()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	assert.NilError(t, run(&out, dir, func() time.Time { return now }))
	assert.Equal(t, out.String(), `cassette: forecast.yaml in a temporary directory
run 1: GET /forecast -> 200 OK {"city":"Lyon","forecast":"sunny","high_c":21}
  from cassette: false
  recorded at:   2026-11-24T12:00:00Z
  expires:       2026-11-24T13:00:00Z
  stale:         false
  the server has answered 1 request(s)
run 2: GET /forecast -> 200 OK {"city":"Lyon","forecast":"sunny","high_c":21}
  from cassette: true
  recorded at:   2026-11-24T12:00:00Z
  expires:       2026-11-24T13:00:00Z
  stale:         false
  the server has answered 1 request(s)
the second run was served from the cassette: the server saw one request in all
`)
	entries, err := os.ReadDir(dir)
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 1)
	assert.Equal(t, entries[0].Name(), "forecast.yaml")
}

// TestDemoLeavesNothingBehind runs the program as main does, with the
// temporary directory redirected, and checks that it removes its cassette.
func TestDemoLeavesNothingBehind(t *testing.T) {
	t.Setenv("TAPEDECK_MODE", "")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out bytes.Buffer
	assert.NilError(t, demo(&out))
	assert.Assert(t, bytes.Contains(out.Bytes(), []byte("the second run was served from the cassette")), out.String())
	entries, err := os.ReadDir(tmp)
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 0, "left behind: %v", entries)
}
