package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tapedeck/recorder/internal/cachekill"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/sqlite"
	"github.com/tapedeck/recorder/store/storetest"
)

func openTemp(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestMain(m *testing.M) {
	if loc := os.Getenv(cachekill.Env); loc != "" {
		os.Exit(cachekill.Main(loc, openSQLite))
	}
	if path := os.Getenv(openerEnv); path != "" {
		os.Exit(opener(path))
	}
	storetest.Main(m, func(location string) (store.Store, error) { return sqlite.Open(location) })
}

func TestKillKeepsEveryReturnedPut(t *testing.T) {
	storetest.Kill(t, 40, filepath.Join(t.TempDir(), "cache.db"), func(path string) (store.Store, error) { return sqlite.Open(path) })
}

func TestTwoProcessesLoseNothing(t *testing.T) {
	storetest.Processes(t, 150, filepath.Join(t.TempDir(), "cache.db"), func(path string) (store.Store, error) { return sqlite.Open(path) })
}
