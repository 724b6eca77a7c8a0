package store_test

import (
	"context"
	"testing"

	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/storetest"
)

// BenchmarkDecode is the decoding part of every cache hit, for the
// interaction the backends' BenchmarkHit reads.
func BenchmarkDecode(b *testing.B) {
	data, err := store.Encode(storetest.Interaction("bench", 0))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := store.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryHit is a hit from the Memory store: the floor under the
// database backends' BenchmarkHit (a copy and a Decode, no I/O).
func BenchmarkMemoryHit(b *testing.B) {
	s := store.NewMemory()
	ctx := context.Background()
	const n = 1000
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
