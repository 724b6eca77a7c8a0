//go:build race

package redact

// raceEnabled is true under -race, whose instrumentation allocates: the
// allocation tests skip then, as the standard library's do.
const raceEnabled = true
