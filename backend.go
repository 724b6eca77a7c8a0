package recorder

import (
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
)

// A backend holds the recordings a Recorder answers from: the cassette's,
// in memory (*engine.Engine), or a durable store's (*engine.Durable, with
// WithStore). The request path sees only this.
type backend interface {
	// Claim finds the recording that answers live (see engine.Engine.Claim).
	Claim(live *cassette.Request) (engine.Hit, *cassette.Request, error)
	// Begin and End bracket a round trip whose result may be stored.
	Begin()
	End(in *cassette.Interaction, src int) error
	// Replace puts a refreshed recording in place of recording id.
	Replace(id int, in *cassette.Interaction) error
	// Closest ranks the recordings against live, for a miss report.
	Closest(live *cassette.Request) ([]engine.Candidate, int)
	// InvalidateURLs takes the GET and HEAD recordings of these URLs out.
	InvalidateURLs(urls []string) int
	// Interactions are what a cassette file is saved with (none for a
	// store), and which were used.
	Interactions() ([]*cassette.Interaction, []bool)
	Closed() bool
	Close() (stored int, first bool)
	Discard() int
}

var (
	_ backend = (*engine.Engine)(nil)
	_ backend = (*engine.Durable)(nil)
)
