//go:build !race

package redact

// raceEnabled is true under -race (see race_test.go).
const raceEnabled = false
