package redis_test

import (
	"testing"

	"github.com/tapedeck/recorder/internal/cachekill"
)

// TestRecorderKilledKeepsResponses runs a program that uses the cache over
// Redis, SIGKILLs it after 25 responses, and finds each of those 25 on the
// server: a response is stored once RoundTrip has returned it.
func TestRecorderKilledKeepsResponses(t *testing.T) {
	cachekill.KillOne(t, freshPrefix(t, serverURL(t)), openPrefix)
}

// TestTwoRecordersOneStore runs two programs that use the cache on one
// Redis prefix at once, kills both, and finds every response either was
// given.
func TestTwoRecordersOneStore(t *testing.T) {
	cachekill.KillTwo(t, freshPrefix(t, serverURL(t)), openPrefix)
}
