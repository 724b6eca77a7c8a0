// Package storetest is the conformance suite of store.Store: every backend
// runs it against a real instance of its database, so that all of them
// keep the same promises (order, replace in one step, delete, scan,
// concurrent writers, ErrClosed, context cancellation) as store.Memory.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store {
//			s, err := sqlite.Open(filepath.Join(t.TempDir(), "cache.db"))
//			if err != nil {
//				t.Fatal(err)
//			}
//			return s
//		})
//	}
//
// Main, Kill and Processes check what only several processes can show: an
// entry is durable when Put returns, and two writers lose nothing.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
)

// Run runs the conformance suite, each case as a subtest of t. open must
// return a new, empty store each time it is called; Run closes it (Close
// being idempotent, open may also register a Cleanup that closes it).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"LargeBody", testLargeBody},
		{"Order", testOrder},
		{"Missing", testMissing},
		{"KeysAreExact", testKeysAreExact},
		{"PutReturnsEntry", testPutReturnsEntry},
		{"Copies", testCopies},
		{"Replace", testReplace},
		{"ReplaceOtherKey", testReplaceOtherKey},
		{"ReplaceMissing", testReplaceMissing},
		{"Delete", testDelete},
		{"IDsGrowAfterDelete", testIDsGrowAfterDelete},
		{"Scan", testScan},
		{"ScanStops", testScanStops},
		{"ScanWhileWriting", testScanWhileWriting},
		{"ConcurrentPut", testConcurrentPut},
		{"ConcurrentReplace", testConcurrentReplace},
		{"NilInteraction", testNilInteraction},
		{"Cancelled", testCancelled},
		{"ScanCancelled", testScanCancelled},
		{"Closed", testClosed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			c.fn(t, s)
		})
	}
}

// Interaction returns the i-th of a family of distinct interactions, the
// ones the suite and the multi-process tests store: every field set, a JSON
// request body, binary and text response bodies, repeated header values
// and trailers, and (for some i) nil bodies and headers.
func Interaction(writer string, i int) *cassette.Interaction {
	url := fmt.Sprintf("https://api.example.test/%s/items/%d?page=%d", writer, i, i%3)
	in := &cassette.Interaction{
		RecordedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
		Duration:   time.Duration(i+1) * 1500 * time.Microsecond,
		Request: cassette.Request{
			Method: "GET",
			URL:    url,
			Headers: http.Header{
				"Accept":     {"application/json"},
				"User-Agent": {"tapedeck-storetest/1"},
				"X-Writer":   {writer},
			},
		},
		Response: cassette.Response{
			Status: "200 OK",
			Code:   200,
			Proto:  "HTTP/1.1",
			Headers: http.Header{
				"Content-Type": {"application/json"},
				"Etag":         {fmt.Sprintf(`"v%d"`, i)},
				"Set-Cookie":   {"a=1", "b=2"},
				"Vary":         {"Accept"},
			},
			Body: []byte(fmt.Sprintf(`{"writer":%q,"id":%d,"name":"item %d"}`, writer, i, i)),
		},
	}
	switch i % 4 {
	case 1:
		in.Request.Method = "POST"
		in.Request.Body = []byte(fmt.Sprintf(`{"n":%d}`, i))
		in.Response.Status = "201 Created"
		in.Response.Code = 201
	case 2:
		in.Response.Body = []byte{0x1f, 0x8b, 0x08, 0x00, byte(i), 0xff, 0x00, 0xfe}
		in.Response.Headers["Content-Type"] = []string{"application/octet-stream"}
		in.Response.Trailers = http.Header{"Grpc-Status": {"0"}, "X-Checksum": {fmt.Sprint(i)}}
	case 3:
		in.Request.Body = []byte{} // sent, but empty
		in.Request.Headers = nil
		in.Response.Status = "304 Not Modified"
		in.Response.Code = 304
		in.Response.Body = nil
		in.Response.Proto = "HTTP/2.0"
	}
	return in
}

// Key is the key Interaction(writer, i) is filed under by the suite.
func Key(writer string, i int) string {
	in := Interaction(writer, i)
	return store.Key(in.Request.Method, in.Request.URL)
}

// put files in under key or ends the test.
func put(t *testing.T, s store.Store, key string, in *cassette.Interaction, replace int64) store.Entry {
	t.Helper()
	e, err := s.Put(context.Background(), key, in, replace)
	if err != nil {
		t.Fatalf("Put(%q, replace %d): %v", key, replace, err)
	}
	if e.ID <= 0 {
		t.Fatalf("Put(%q) returned ID %d, want > 0", key, e.ID)
	}
	if e.Key != key {
		t.Errorf("Put(%q) returned an entry with key %q", key, e.Key)
	}
	return e
}

// get returns the entries under key or ends the test.
func get(t *testing.T, s store.Store, key string) []store.Entry {
	t.Helper()
	es, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	for _, e := range es {
		if e.Key != key {
			t.Errorf("Get(%q) returned entry %d with key %q", key, e.ID, e.Key)
		}
	}
	return es
}

// scan returns every entry or ends the test.
func scan(t *testing.T, s store.Store) []store.Entry {
	t.Helper()
	var all []store.Entry
	if err := s.Scan(context.Background(), func(e store.Entry) error {
		all = append(all, e)
		return nil
	}); err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return all
}

func ids(es []store.Entry) []int64 {
	out := make([]int64, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// want is in as a store returns it: Line 0, RecordedAt in UTC.
func want(in *cassette.Interaction) *cassette.Interaction {
	c := *in
	c.Line = 0
	c.RecordedAt = c.RecordedAt.UTC()
	return &c
}

// same fails the test unless got is in as stored.
func same(t *testing.T, what string, got, in *cassette.Interaction) {
	t.Helper()
	if diff := cmp.Diff(want(in), got); diff != "" {
		t.Errorf("%s: the interaction came back changed (-put +got):\n%s", what, diff)
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	for i := range 8 {
		in := Interaction("roundtrip", i)
		in.Line = 40 + i // not stored
		if i == 5 {
			// A time in another zone, to the nanosecond.
			in.RecordedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600))
		}
		key := store.Key(in.Request.Method, in.Request.URL)
		put(t, s, key, in, 0)
		es := get(t, s, key)
		if len(es) != 1 {
			t.Fatalf("Get(%q) = %d entries, want 1", key, len(es))
		}
		same(t, fmt.Sprintf("interaction %d", i), es[0].Interaction, in)
		if es[0].Interaction.Line != 0 {
			t.Errorf("interaction %d: Line = %d, want 0", i, es[0].Interaction.Line)
		}
	}
}

func testLargeBody(t *testing.T, s store.Store) {
	in := Interaction("large", 0)
	in.Response.Body = bytes.Repeat([]byte{0, 1, 2, 0xff, 'x', '\n'}, 2<<20/6) // 2 MiB, binary
	key := Key("large", 0)
	put(t, s, key, in, 0)
	es := get(t, s, key)
	if len(es) != 1 {
		t.Fatalf("Get = %d entries, want 1", len(es))
	}
	if !bytes.Equal(es[0].Interaction.Response.Body, in.Response.Body) {
		t.Errorf("a %d-byte body came back as %d bytes, not the same", len(in.Response.Body), len(es[0].Interaction.Response.Body))
	}
}

func testOrder(t *testing.T, s store.Store) {
	a, b := "GET https://example.test/a", "GET https://example.test/b"
	var wantA, wantB []int64
	last := int64(0)
	for i := range 6 {
		key := a
		if i%3 == 1 {
			key = b
		}
		e := put(t, s, key, Interaction("order", i), 0)
		if e.ID <= last {
			t.Errorf("Put %d returned ID %d after ID %d: IDs must grow", i, e.ID, last)
		}
		last = e.ID
		if key == a {
			wantA = append(wantA, e.ID)
		} else {
			wantB = append(wantB, e.ID)
		}
	}
	if diff := cmp.Diff(wantA, ids(get(t, s, a))); diff != "" {
		t.Errorf("Get(a) IDs, oldest first (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantB, ids(get(t, s, b))); diff != "" {
		t.Errorf("Get(b) IDs, oldest first (-want +got):\n%s", diff)
	}
	es := get(t, s, a)
	for i, e := range es {
		n := []int{0, 2, 3, 5}[i]
		same(t, fmt.Sprintf("entry %d of a", i), e.Interaction, Interaction("order", n))
	}
}

func testMissing(t *testing.T, s store.Store) {
	put(t, s, "GET https://example.test/there", Interaction("missing", 0), 0)
	es, err := s.Get(context.Background(), "GET https://example.test/not-there")
	if err != nil {
		t.Fatalf("Get of a key with no entries: %v, want no error", err)
	}
	if len(es) != 0 {
		t.Errorf("Get of a key with no entries returned %d entries", len(es))
	}
}

func testKeysAreExact(t *testing.T, s store.Store) {
	keys := []string{
		"GET https://example.test/a",
		"GET https://example.test/a?",
		"GET https://example.test/ab",
		"GET https://example.test/A",
		"HEAD https://example.test/a",
		"GET https://example.test/a b",
		"GET https://example.test/*?[a-z]{x}:k:e:1",
		"GET https://example.test/ünïcode/日本",
		"GET https://example.test/" + string([]byte{0, '\n', 0xff}),
		"",
	}
	byKey := map[string]int64{}
	for i, k := range keys {
		byKey[k] = put(t, s, k, Interaction("keys", i), 0).ID
	}
	for _, k := range keys {
		got := ids(get(t, s, k))
		if diff := cmp.Diff([]int64{byKey[k]}, got); diff != "" {
			t.Errorf("Get(%q): keys must match exactly (-want +got):\n%s", k, diff)
		}
	}
	if es := get(t, s, "GET https://example.test/*"); len(es) != 0 {
		t.Errorf("Get of a glob-like key returned %d entries: keys are not patterns", len(es))
	}
}

func testPutReturnsEntry(t *testing.T, s store.Store) {
	in := Interaction("returns", 2)
	key := Key("returns", 2)
	e := put(t, s, key, in, 0)
	same(t, "the entry Put returned", e.Interaction, in)
	es := get(t, s, key)
	if len(es) != 1 || es[0].ID != e.ID {
		t.Fatalf("Get returned IDs %v, want [%d]", ids(es), e.ID)
	}
}

func testCopies(t *testing.T, s store.Store) {
	in := Interaction("copies", 0)
	key := Key("copies", 0)
	put(t, s, key, in, 0)
	in.Response.Body[0] = '!' // the caller's interaction changes after Put
	in.Response.Headers.Set("Etag", "changed")
	got := get(t, s, key)[0].Interaction
	got.Response.Body[1] = '!' // and what Get returned changes
	again := get(t, s, key)[0].Interaction
	same(t, "after changing the interaction put and the one got", again, Interaction("copies", 0))
}

func testReplace(t *testing.T, s store.Store) {
	key := "GET https://example.test/replace"
	a := put(t, s, key, Interaction("replace", 0), 0)
	b := put(t, s, key, Interaction("replace", 1), 0)
	c := put(t, s, key, Interaction("replace", 2), a.ID)
	if c.ID <= b.ID {
		t.Errorf("the replacing entry has ID %d, want a new one above %d", c.ID, b.ID)
	}
	got := get(t, s, key)
	if diff := cmp.Diff([]int64{b.ID, c.ID}, ids(got)); diff != "" {
		t.Fatalf("after replacing %d: Get IDs (-want +got):\n%s", a.ID, diff)
	}
	same(t, "the replacing entry", got[1].Interaction, Interaction("replace", 2))
	if diff := cmp.Diff([]int64{b.ID, c.ID}, ids(scan(t, s))); diff != "" {
		t.Errorf("after replacing %d: Scan IDs (-want +got):\n%s", a.ID, diff)
	}
}

func testReplaceOtherKey(t *testing.T, s store.Store) {
	old := put(t, s, "GET https://example.test/old", Interaction("other", 0), 0)
	e := put(t, s, "GET https://example.test/new", Interaction("other", 1), old.ID)
	if es := get(t, s, "GET https://example.test/old"); len(es) != 0 {
		t.Errorf("entry %d was replaced from another key but is still under its own: %v", old.ID, ids(es))
	}
	if diff := cmp.Diff([]int64{e.ID}, ids(scan(t, s))); diff != "" {
		t.Errorf("Scan IDs (-want +got):\n%s", diff)
	}
}

func testReplaceMissing(t *testing.T, s store.Store) {
	key := "GET https://example.test/replace-missing"
	a := put(t, s, key, Interaction("gone", 0), 0)
	if err := s.Delete(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	b := put(t, s, key, Interaction("gone", 1), a.ID) // another process deleted it first
	if diff := cmp.Diff([]int64{b.ID}, ids(get(t, s, key))); diff != "" {
		t.Errorf("replacing an entry that is gone must file the new one (-want +got):\n%s", diff)
	}
}

func testDelete(t *testing.T, s store.Store) {
	k1, k2 := "GET https://example.test/d1", "GET https://example.test/d2"
	a := put(t, s, k1, Interaction("delete", 0), 0)
	b := put(t, s, k1, Interaction("delete", 1), 0)
	c := put(t, s, k2, Interaction("delete", 2), 0)
	d := put(t, s, k2, Interaction("delete", 3), 0)
	ctx := context.Background()
	if err := s.Delete(ctx); err != nil {
		t.Errorf("Delete of no IDs: %v", err)
	}
	if err := s.Delete(ctx, a.ID, c.ID, 999999999, -1); err != nil {
		t.Fatalf("Delete: %v (IDs that are not there are ignored)", err)
	}
	if diff := cmp.Diff([]int64{b.ID}, ids(get(t, s, k1))); diff != "" {
		t.Errorf("Get(k1) after Delete (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{d.ID}, ids(get(t, s, k2))); diff != "" {
		t.Errorf("Get(k2) after Delete (-want +got):\n%s", diff)
	}
	if err := s.Delete(ctx, b.ID, b.ID); err != nil {
		t.Fatalf("Delete of one ID twice: %v", err)
	}
	if es := get(t, s, k1); len(es) != 0 {
		t.Errorf("Get(k1) after deleting all its entries: %v", ids(es))
	}
	if diff := cmp.Diff([]int64{d.ID}, ids(scan(t, s))); diff != "" {
		t.Errorf("Scan after Delete (-want +got):\n%s", diff)
	}
}

func testIDsGrowAfterDelete(t *testing.T, s store.Store) {
	key := "GET https://example.test/grow"
	a := put(t, s, key, Interaction("grow", 0), 0)
	b := put(t, s, key, Interaction("grow", 1), 0)
	if err := s.Delete(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
	c := put(t, s, key, Interaction("grow", 2), 0)
	if c.ID <= b.ID {
		t.Errorf("after deleting the newest entry (%d), Put returned ID %d: IDs are never reused", b.ID, c.ID)
	}
	if diff := cmp.Diff([]int64{a.ID, c.ID}, ids(get(t, s, key))); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
}

func testScan(t *testing.T, s store.Store) {
	if es := scan(t, s); len(es) != 0 {
		t.Fatalf("Scan of a new store found %d entries", len(es))
	}
	var put1 []store.Entry
	for i := range 700 { // more than one page of a paging backend
		key := fmt.Sprintf("GET https://example.test/scan/%d", i%7)
		put1 = append(put1, put(t, s, key, Interaction("scan", i), 0))
	}
	all := scan(t, s)
	if diff := cmp.Diff(ids(put1), ids(all)); diff != "" {
		t.Fatalf("Scan IDs, oldest first across keys (-want +got):\n%s", diff)
	}
	for i, e := range all {
		if e.Key != put1[i].Key {
			t.Errorf("Scan: entry %d has key %q, want %q", e.ID, e.Key, put1[i].Key)
		}
		if i%97 == 0 {
			same(t, fmt.Sprintf("Scan entry %d", e.ID), e.Interaction, Interaction("scan", i))
		}
	}
}

func testScanStops(t *testing.T, s store.Store) {
	for i := range 5 {
		put(t, s, "GET https://example.test/stop", Interaction("stop", i), 0)
	}
	stop := errors.New("enough")
	calls := 0
	err := s.Scan(context.Background(), func(store.Entry) error {
		calls++
		if calls == 2 {
			return fmt.Errorf("at two: %w", stop)
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("Scan returned %v, want the error fn returned", err)
	}
	if calls != 2 {
		t.Errorf("fn was called %d times, want 2 (Scan stops at its error)", calls)
	}
}

func testScanWhileWriting(t *testing.T, s store.Store) {
	key := "GET https://example.test/while"
	for i := range 4 {
		put(t, s, key, Interaction("while", i), 0)
	}
	ctx := context.Background()
	seen := 0
	done := make(chan error, 1)
	go func() {
		done <- s.Scan(ctx, func(e store.Entry) error {
			seen++
			if e.Interaction.Request.URL == Interaction("while", 0).Request.URL {
				// fn uses the store: it must not wait on Scan.
				if _, err := s.Put(ctx, key, Interaction("while", 9), e.ID); err != nil {
					return err
				}
				if err := s.Delete(ctx, e.ID+1); err != nil {
					return err
				}
				if _, err := s.Get(ctx, key); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Scan with fn writing to the store: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Scan did not return in 30s while fn wrote to the store: a deadlock")
	}
	if seen < 3 {
		t.Errorf("Scan saw %d entries, want at least the 3 that were not changed", seen)
	}
	got := get(t, s, key)
	if len(got) != 3 {
		t.Errorf("after replacing one entry and deleting another of 4: %d entries, want 3", len(got))
	}
}

func testConcurrentPut(t *testing.T, s store.Store) {
	const writers, each = 8, 25
	ctx := context.Background()
	var mu sync.Mutex
	put1 := map[int64]string{} // ID to writer/i
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("w%d", w)
			for i := range each {
				// Half of the entries share one key across writers.
				key := Key(name, i)
				if i%2 == 0 {
					key = "GET https://example.test/shared"
				}
				e, err := s.Put(ctx, key, Interaction(name, i), 0)
				if err != nil {
					errs <- fmt.Errorf("writer %d, Put %d: %w", w, i, err)
					return
				}
				if _, err := s.Get(ctx, key); err != nil {
					errs <- fmt.Errorf("writer %d, Get %d: %w", w, i, err)
					return
				}
				mu.Lock()
				if prev, ok := put1[e.ID]; ok {
					errs <- fmt.Errorf("ID %d was returned twice: to %s and %s/%d", e.ID, prev, name, i)
				}
				put1[e.ID] = fmt.Sprintf("%s/%d", name, i)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all := scan(t, s)
	if len(all) != writers*each {
		t.Fatalf("Scan found %d entries after %d concurrent Puts", len(all), writers*each)
	}
	for _, e := range all {
		if _, ok := put1[e.ID]; !ok {
			t.Errorf("Scan found entry %d, which no Put returned", e.ID)
		}
	}
	shared := get(t, s, "GET https://example.test/shared")
	if len(shared) != writers*(each+1)/2 {
		t.Errorf("the shared key has %d entries, want %d", len(shared), writers*(each+1)/2)
	}
	if !slices.IsSorted(ids(shared)) {
		t.Errorf("the shared key's entries are not oldest first: %v", ids(shared))
	}
}

func testConcurrentReplace(t *testing.T, s store.Store) {
	key := "GET https://example.test/race"
	old := put(t, s, key, Interaction("race", 0), 0)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := 1; i <= 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Put(context.Background(), key, Interaction("race", i), old.ID)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Put: %v", err)
		}
	}
	got := get(t, s, key)
	if len(got) != 2 {
		t.Fatalf("two Puts replacing one entry left %d entries, want 2 (both filed, the old one gone)", len(got))
	}
	for _, e := range got {
		if e.ID == old.ID {
			t.Errorf("the replaced entry %d is still there", old.ID)
		}
	}
}

func testNilInteraction(t *testing.T, s store.Store) {
	if _, err := s.Put(context.Background(), "GET https://example.test/nil", nil, 0); err == nil {
		t.Error("Put of a nil interaction returned no error")
	}
	if es := scan(t, s); len(es) != 0 {
		t.Errorf("a failed Put filed %d entries", len(es))
	}
}

func testCancelled(t *testing.T, s store.Store) {
	key := "GET https://example.test/cancel"
	e := put(t, s, key, Interaction("cancel", 0), 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Get(ctx, key); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with a cancelled context: %v, want context.Canceled", err)
	}
	if _, err := s.Put(ctx, key, Interaction("cancel", 1), 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with a cancelled context: %v, want context.Canceled", err)
	}
	if err := s.Delete(ctx, e.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("Delete with a cancelled context: %v, want context.Canceled", err)
	}
	if err := s.Scan(ctx, func(store.Entry) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Scan with a cancelled context: %v, want context.Canceled", err)
	}
	if diff := cmp.Diff([]int64{e.ID}, ids(scan(t, s))); diff != "" {
		t.Errorf("cancelled calls changed the store (-want +got):\n%s", diff)
	}
	deadline, stop := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer stop()
	if _, err := s.Get(deadline, key); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Get past its deadline: %v, want context.DeadlineExceeded", err)
	}
}

func testScanCancelled(t *testing.T, s store.Store) {
	for i := range 600 {
		put(t, s, "GET https://example.test/scan-cancel", Interaction("sc", i), 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	err := s.Scan(ctx, func(store.Entry) error {
		calls++
		if calls == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Scan whose context was cancelled midway returned %v, want context.Canceled", err)
	}
	if calls >= 600 {
		t.Errorf("Scan called fn %d times after its context was cancelled at 3", calls)
	}
}

func testClosed(t *testing.T, s store.Store) {
	key := "GET https://example.test/closed"
	e := put(t, s, key, Interaction("closed", 0), 0)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ctx := context.Background()
	if _, err := s.Get(ctx, key); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Get after Close: %v, want store.ErrClosed", err)
	}
	if _, err := s.Put(ctx, key, Interaction("closed", 1), 0); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Put after Close: %v, want store.ErrClosed", err)
	}
	if err := s.Delete(ctx, e.ID); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Delete after Close: %v, want store.ErrClosed", err)
	}
	if err := s.Scan(ctx, func(store.Entry) error { return nil }); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Scan after Close: %v, want store.ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("a second Close: %v, want nil (Close is idempotent)", err)
	}
}
