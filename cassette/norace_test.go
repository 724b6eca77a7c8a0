//go:build !race

package cassette

// raceEnabled reports whether the tests run under the race detector, which
// multiplies the memory of the tests of 200 MB lines.
const raceEnabled = false
