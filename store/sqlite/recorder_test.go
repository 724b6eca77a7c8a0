package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/tapedeck/recorder/internal/cachekill"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/sqlite"
)

func openSQLite(path string) (store.Store, error) { return sqlite.Open(path) }

// TestRecorderKilledKeepsResponses runs a program that uses the cache over
// SQLite, SIGKILLs it after 25 responses, and finds each of those 25 in the
// store: a response is durable once RoundTrip has returned it.
func TestRecorderKilledKeepsResponses(t *testing.T) {
	cachekill.KillOne(t, filepath.Join(t.TempDir(), "cache.db"), openSQLite)
}

// TestTwoRecordersOneStore runs two programs that use the cache on one
// SQLite file at once, kills both, and finds every response either was
// given.
func TestTwoRecordersOneStore(t *testing.T) {
	cachekill.KillTwo(t, filepath.Join(t.TempDir(), "cache.db"), openSQLite)
}
