package main

import (
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/convert"
	"github.com/tapedeck/recorder/internal/shell"
)

// The server's files (serve.go, serverecord.go), which the rewrite of the
// request path replaces, call the shared helpers by these names.

// shellQuote is shell.Quote.
func shellQuote(s string) string { return shell.Quote(s) }

// roundDuration is cassette.RoundDuration.
func roundDuration(d time.Duration) time.Duration { return cassette.RoundDuration(d) }

// bytesOrNil is convert.BytesOrNil.
func bytesOrNil(s string) []byte { return convert.BytesOrNil(s) }
