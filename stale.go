package recorder

import (
	"errors"
	"fmt"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

// ErrStale is what a *StaleError is: errors.Is(err, ErrStale) reports
// whether a request failed because its recording is stale and the strategy
// is StaleFail.
var ErrStale = errors.New("tapedeck: the recorded interaction is stale")

// A StaleError is returned by RoundTrip under Open (wrapped in *url.Error
// by http.Client) when the recording that matches a request is stale and
// the strategy is StaleFail. Under New the same report fails the test
// instead. Its message says which interaction, where, how old it is
// against which rule, and the command that refreshes it.
type StaleError struct {
	// Cassette is the cassette file.
	Cassette string
	// Request is the live request.
	Request *cassette.Request
	// Recorded is the stale recording; Recorded.Line is its line in the
	// file (0 when it was recorded by this run).
	Recorded *cassette.Interaction
	// Verdict is what the expiry policy said about it: its age, the rule
	// or header that set its lifetime, when it expired.
	Verdict expiry.Verdict
	// Fix is the command (or step) that refreshes it.
	Fix string
}

// Is makes errors.Is(err, ErrStale) true.
func (e *StaleError) Is(target error) bool { return target == ErrStale }

// Error returns the report.
func (e *StaleError) Error() string {
	return e.asNote().String()
}

// asNote lays the report out as the log notes are.
func (e *StaleError) asNote() *note {
	where := e.Cassette
	if e.Recorded.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.Cassette, e.Recorded.Line)
	}
	return &note{headline: "tapedeck: the recording is stale (OnStale(StaleFail)):", request: e.Request, where: where,
		recorded: e.Recorded.RecordedAt, verdict: e.Verdict, fix: "to refresh it", command: e.Fix}
}
