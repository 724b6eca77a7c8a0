package main

import (
	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

// cassetteOptions are the recorder options that apply the redaction rules
// written into c (by tapedeck redact or import), so that explain redacts a
// request as replay would. A rule that does not compile is an error.
func cassetteOptions(c *cassette.Cassette) ([]recorder.Option, error) {
	opts, err := recorder.RedactionOptions(c.Redact)
	if err != nil || len(opts) == 0 {
		return nil, err
	}
	return []recorder.Option{recorder.WithRedaction(opts...)}, nil
}
