package redis_test

import (
	"sync"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/internal/cachekill"
)

// TestRecorderKilledKeepsResponses runs a program that uses the cache over
// Redis, SIGKILLs it after 25 responses, and finds each of those 25 on the
// server: a response is stored once RoundTrip has returned it.
func TestRecorderKilledKeepsResponses(t *testing.T) {
	prefix := freshPrefix(t, serverURL(t))
	got := cachekill.Start(t, prefix).KillAfter(t, 25)
	assert.Equal(t, len(got), 25)
	st, err := openPrefix(prefix)
	assert.NilError(t, err)
	defer st.Close()
	cachekill.Check(t, st, got)
}

// TestTwoRecordersOneStore runs two programs that use the cache on one
// Redis prefix at once, kills both, and finds every response either was
// given.
func TestTwoRecordersOneStore(t *testing.T) {
	prefix := freshPrefix(t, serverURL(t))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var all []string
	for _, p := range []*cachekill.Program{cachekill.Start(t, prefix), cachekill.Start(t, prefix)} {
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
	st, err := openPrefix(prefix)
	assert.NilError(t, err)
	defer st.Close()
	cachekill.Check(t, st, all)
}
