package recorder

import (
	"errors"
	"fmt"
	"strings"
	"time"

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
	return e.report("tapedeck: the recording is stale (OnStale(StaleFail)):", "", "to refresh it")
}

// report is the text shared by StaleFail, StaleWarn and the refresh
// fallbacks: a headline ending in the request, the interaction's place and
// verdict, an optional note, and what the command that refreshes it does
// ("to refresh it") followed by the command.
func (e *StaleError) report(headline, note, fix string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\n", headline, e.Request.Method, e.Request.URL)
	fmt.Fprintf(&b, "  %s, recorded %s\n", e.where(), e.Recorded.RecordedAt.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "  %v\n", e.Verdict)
	if note != "" {
		fmt.Fprintf(&b, "  %s\n", note)
	}
	fmt.Fprintf(&b, "%s, run:\n  %s", fix, e.Fix)
	return b.String()
}

// where is "file:line", or the file alone when the line is not known.
func (e *StaleError) where() string {
	if e.Recorded.Line == 0 {
		return e.Cassette
	}
	return fmt.Sprintf("%s:%d", e.Cassette, e.Recorded.Line)
}
