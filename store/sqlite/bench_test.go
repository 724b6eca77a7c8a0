package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/cachebench"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/sqlite"
	"github.com/tapedeck/recorder/store/storetest"
)

// fill creates an SQLite store at path holding Interaction("bench", i) for
// i < n, each under its own key, written in one transaction (n Puts, each
// synced, would take minutes).
func fill(b *testing.B, path string, n int) {
	b.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare("INSERT INTO tapedeck_entries (key, entry) VALUES (?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		data, err := store.Encode(storetest.Interaction("bench", i))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := stmt.Exec(storetest.Key("bench", i), data); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHit is a cache hit: Get of one key's entry, decoded, from a
// store of 1,000 entries.
func BenchmarkHit(b *testing.B) {
	const n = 1000
	path := filepath.Join(b.TempDir(), "cache.db")
	fill(b, path, n)
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = storetest.Key("bench", i)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		es, err := s.Get(ctx, keys[i%n])
		if err != nil || len(es) != 1 {
			b.Fatalf("Get: %d entries, %v", len(es), err)
		}
	}
}

// BenchmarkPut is a durable write: one committed, synced transaction.
func BenchmarkPut(b *testing.B) {
	s, err := sqlite.Open(filepath.Join(b.TempDir(), "cache.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cachebench.Put(b, s, storetest.Interaction("bench", 0))
}

// BenchmarkOpen100k is what a program pays at start to answer its first
// request from a cache of 100,000 interactions: opening the SQLite store
// and looking one key up, against loading a YAML cassette of the same
// interactions (cassette.Load) and finding it there.
func BenchmarkOpen100k(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	dbPath := filepath.Join(dir, "cache.db")
	fill(b, dbPath, n)
	c := &cassette.Cassette{Version: cassette.Version}
	for i := range n {
		c.Interactions = append(c.Interactions, storetest.Interaction("bench", i))
	}
	yamlPath := filepath.Join(dir, "cache.yaml")
	fs := afero.NewOsFs()
	if err := cassette.Save(fs, yamlPath, c); err != nil {
		b.Fatal(err)
	}
	want := storetest.Interaction("bench", n/2)
	key := store.Key(want.Request.Method, want.Request.URL)
	ctx := context.Background()

	b.Run(fmt.Sprintf("sqlite/%d", n), func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s, err := sqlite.Open(dbPath)
			if err != nil {
				b.Fatal(err)
			}
			es, err := s.Get(ctx, key)
			if err != nil || len(es) != 1 {
				b.Fatalf("Get: %d entries, %v", len(es), err)
			}
			s.Close()
		}
	})
	b.Run(fmt.Sprintf("yaml/%d", n), func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, err := cassette.Load(fs, yamlPath)
			if err != nil {
				b.Fatal(err)
			}
			found := 0
			for _, in := range c.Interactions {
				if in.Request.Method == want.Request.Method && in.Request.URL == want.Request.URL {
					found++
				}
			}
			if found != 1 {
				b.Fatalf("found %d interactions for %s", found, key)
			}
		}
	})
}

// BenchmarkRecorderHit is a cache hit through a Recorder (AsCache) over
// 1,000 entries: in this SQLite store, and in a cassette file, in one run.
func BenchmarkRecorderHit(b *testing.B) {
	path := filepath.Join(b.TempDir(), "cache.db")
	cachebench.HitVersus(b, "sqlite", func() (store.Store, error) { return sqlite.Open(path) })
}
