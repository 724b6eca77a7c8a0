// Package recorder records the HTTP traffic of Go tests into versioned,
// reviewable YAML cassettes and replays it offline.
//
// In a test, New returns a Recorder (an http.RoundTripper) whose cassette is
// saved when the test ends:
//
//	func TestRepo(t *testing.T) {
//		rec := recorder.New(t, "fixtures/repo") // fixtures/repo.yaml
//		resp, err := rec.Client().Get("https://api.example.com/repos/1")
//		...
//	}
//
// The first run, with no cassette yet, sends the requests and records them;
// later runs replay them without touching the network. go test -update
// records what is missing, go test -update=all re-records everything, and in
// CI (the CI variable set) nothing is ever recorded: a request with no
// recording fails the test with the closest recording, a diff, and the
// command that records it. See Mode for all modes and how one is chosen.
//
// Outside tests, Open returns a Recorder that the caller closes.
//
// The cassette format is documented in package cassette; matchers are in
// package match.
package recorder

//go:generate go run ./internal/fixturegen -out fixtures/example
