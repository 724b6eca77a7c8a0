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
// # How a request is handled
//
// Options, the environment (TAPEDECK_MODE, -update, CI) and the test are
// resolved once, when the Recorder opens, into settings that do not change
// after; presets such as AsCache are only ordinary settings. Each request
// then goes through one decision and one edge:
//
//   - plan decides, from the settings and what is known of the request
//     (claimed by a passthrough rule, storable under the expiry policy,
//     matched by a recording, stale), one action: pass it through, replay,
//     replay a stale recording with a note, refresh it, record it, or fail
//     (a miss, a refused request, a closed recorder). Passthrough is
//     decided before the body is read, and its body is streamed.
//   - RoundTrip carries the action out, over an internal engine that holds
//     the index of recordings, the rules by which a request claims one (in
//     order, each once; the last again with WithRepeats; any number of
//     times under AsCache), the ranking of the closest recordings for a
//     miss report, fetching, and the deterministic order in which new
//     recordings are stored. tapedeck serve uses the same engine, so it
//     answers and ranks as a test does. With WithStore the recordings are in
//     a durable store instead, read by key and written as they arrive.
//   - report is where failures reach the test (t.Errorf under New) and
//     notes reach the log (WithLogger); deciding and acting only return
//     values.
//
// The cassette format is documented in package cassette; matchers are in
// package match.
package recorder

//go:generate go run ./internal/fixturegen -out fixtures/example
