package redis_test

import (
	"context"
	"testing"

	"github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/internal/cachebench"
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
	ctx := context.Background()
	in := storetest.Interaction("bench", 0)
	key := storetest.Key("bench", 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Put(ctx, key, in, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecorderHit is a cache hit through a Recorder (AsCache) over
// 1,000 entries: on this Redis server, and in a cassette file, in one run.
func BenchmarkRecorderHit(b *testing.B) {
	ins := cachebench.Interactions(1000)
	b.Run("store=redis", func(b *testing.B) {
		prefix := freshPrefix(b, serverURL(b))
		st, err := openPrefix(prefix)
		if err != nil {
			b.Fatal(err)
		}
		cachebench.Fill(b, st, ins)
		st.Close()
		cachebench.Hit(b, ins, recorder.WithStore(openPrefix(prefix)))
	})
	b.Run("store=yaml", func(b *testing.B) {
		cachebench.Hit(b, ins, recorder.WithFS(cachebench.Cassette(b, ins)))
	})
}
