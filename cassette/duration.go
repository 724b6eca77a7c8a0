package cassette

import "time"

// RoundDuration rounds the time a request took as a cassette keeps it in
// Interaction.Duration: to the millisecond from one millisecond up, to the
// microsecond below, so that the file reads "duration: 84ms" and a
// re-record does not change it for nanoseconds. Recorders and importers
// round with it before they save.
func RoundDuration(d time.Duration) time.Duration {
	if d >= time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}
