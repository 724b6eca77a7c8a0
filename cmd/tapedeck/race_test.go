//go:build race

package main

// raceFlags build the command under test with the race detector when the
// tests run with it, so that serve's concurrency is checked too.
var raceFlags = []string{"-race"}
