package sqlite_test

import (
	"path/filepath"
	"sync"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/internal/cachekill"
	"github.com/tapedeck/recorder/store/sqlite"
)

// TestRecorderKilledKeepsResponses runs a program that uses the cache over
// SQLite, SIGKILLs it after 25 responses, and finds each of those 25 in the
// store: a response is durable once RoundTrip has returned it.
func TestRecorderKilledKeepsResponses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	got := cachekill.Start(t, path).KillAfter(t, 25)
	assert.Equal(t, len(got), 25)
	st, err := sqlite.Open(path)
	assert.NilError(t, err)
	defer st.Close()
	cachekill.Check(t, st, got)
}

// TestTwoRecordersOneStore runs two programs that use the cache on one
// SQLite file at once, kills both, and finds every response either was
// given.
func TestTwoRecordersOneStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	var wg sync.WaitGroup
	var mu sync.Mutex
	var all []string
	for _, p := range []*cachekill.Program{cachekill.Start(t, path), cachekill.Start(t, path)} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := p.KillAfter(t, 30)
			mu.Lock()
			all = append(all, got...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	assert.Equal(t, len(all), 60)
	st, err := sqlite.Open(path)
	assert.NilError(t, err)
	defer st.Close()
	cachekill.Check(t, st, all)
}
