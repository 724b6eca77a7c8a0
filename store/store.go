// Package store holds recorded interactions outside a cassette file, for a
// long-running HTTP cache: each response is written when it arrives, two
// processes on one store see each other's entries, and an entry is looked
// up by its key without reading the whole store.
//
// A Store files each interaction under a Key, the request's method and URL
// (how RFC 9111 keys a cache); the recorder's matcher chooses among the
// entries of one key (a Vary'd header, a body). The cassette file remains
// the store of test fixtures; this package and its backends (sqlite, redis,
// in modules of their own) are for the cache.
package store

import (
	"context"
	"errors"

	"github.com/tapedeck/recorder/cassette"
)

// ErrClosed is returned by every method of a Store after Close.
var ErrClosed = errors.New("store: closed")

// Key is what an interaction with this method and URL is filed under: the
// method, a space, and the URL exactly as recorded. An empty method is GET.
func Key(method, url string) string {
	if method == "" {
		method = "GET"
	}
	return method + " " + url
}

// An Entry is one stored interaction.
type Entry struct {
	// ID is unique within its store and grows with each Put: entries are
	// listed oldest first by it.
	ID int64
	// Key is what the entry is filed under (see Key).
	Key string
	// Interaction is the request and response. Its Line is 0.
	Interaction *cassette.Interaction
}

// A Store is a durable, shared set of interactions. Its methods are safe for
// concurrent use, also by several processes on one store.
//
// Every method returns ctx.Err() when its context is done before it
// starts; a Put whose context ends while it runs may or may not have filed
// the entry. After Close, every method returns ErrClosed.
type Store interface {
	// Get returns the entries filed under key, oldest first; none is not
	// an error.
	Get(ctx context.Context, key string) ([]Entry, error)

	// Put files in under key and returns its entry. When replace is not
	// 0, the entry with that ID is replaced, in one step (a refreshed
	// interaction): it gets a new ID, and the old one is gone, whatever
	// key it was under. When no entry has that ID (another process deleted
	// or replaced it first), in is filed all the same. Put returns once the
	// entry is durable: a process killed after Put returned keeps it. A
	// nil in is an error.
	Put(ctx context.Context, key string, in *cassette.Interaction, replace int64) (Entry, error)

	// Delete removes the entries with these IDs (invalidation, prune); IDs
	// that are not there are ignored.
	Delete(ctx context.Context, ids ...int64) error

	// Scan calls fn with every entry, oldest first, until fn returns an
	// error, which Scan returns. fn may call the store's other methods;
	// entries put or deleted while Scan runs may or may not be seen.
	Scan(ctx context.Context, fn func(Entry) error) error

	// Close releases the store. It is idempotent.
	Close() error
}
