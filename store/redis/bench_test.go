package redis_test

import (
	"context"
	"testing"

	"github.com/tapedeck/recorder/internal/cachebench"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/redis"
	"github.com/tapedeck/recorder/store/storetest"
)

// BenchmarkHit is a cache hit: Get of one key's entry, decoded, from a
// store of 1,000 entries on the server of TAPEDECK_REDIS_URL (one round
// trip over loopback).
func BenchmarkHit(b *testing.B) {
	const n = 1000
	url := serverURL(b)
	s, err := redis.Open(url, redis.WithPrefix(freshPrefix(b, url)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	keys := make([]string, n)
	for i := range keys {
		keys[i] = storetest.Key("bench", i)
		if _, err := s.Put(ctx, keys[i], storetest.Interaction("bench", i), 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		es, err := s.Get(ctx, keys[i%n])
		if err != nil || len(es) != 1 {
			b.Fatalf("Get: %d entries, %v", len(es), err)
		}
	}
}

// BenchmarkPut is one Put: a script that takes an ID and files the entry.
func BenchmarkPut(b *testing.B) {
	url := serverURL(b)
	s, err := redis.Open(url, redis.WithPrefix(freshPrefix(b, url)))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cachebench.Put(b, s, storetest.Interaction("bench", 0))
}

// BenchmarkRecorderHit is a cache hit through a Recorder (AsCache) over
// 1,000 entries: on this Redis server, and in a cassette file, in one run.
func BenchmarkRecorderHit(b *testing.B) {
	prefix := freshPrefix(b, serverURL(b))
	cachebench.HitVersus(b, "redis", func() (store.Store, error) { return openPrefix(prefix) })
}
