package store

import (
	"context"
	"slices"
	"sync"

	"github.com/tapedeck/recorder/cassette"
)

// Memory is a Store in the memory of one process: the reference
// implementation that the storetest suite holds the durable backends to,
// and a store for tests. Its entries last as long as the process (Put's
// promise of durability holds for the process's lifetime only) and are not
// shared with other processes.
//
// Entries are kept encoded (see Encode), so that what Get returns is a copy
// the caller may change, as it is from a database. The zero Memory is an
// empty store ready to use.
type Memory struct {
	mu      sync.Mutex
	closed  bool
	lastID  int64
	entries map[int64]memEntry
	byKey   map[string][]int64 // IDs, ascending
}

type memEntry struct {
	key  string
	data []byte
}

// NewMemory returns an empty Memory store.
func NewMemory() *Memory { return &Memory{} }

// Get returns the entries filed under key, oldest first.
func (m *Memory) Get(ctx context.Context, key string) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil, ErrClosed
	}
	ids := m.byKey[key]
	found := make([]memEntry, len(ids))
	for i, id := range ids {
		found[i] = m.entries[id]
	}
	m.mu.Unlock()
	var out []Entry
	for i, e := range found {
		// The stored bytes never change (a Put stores new ones), but
		// Decode's result shares its input: copy, so that a caller
		// changing a body does not change the store.
		entry, err := DecodeEntry("memory store", ids[i], e.key, slices.Clone(e.data))
		if err != nil {
			return nil, err
		}
		out = append(out, entry)
	}
	return out, nil
}

// Put files in under key, replacing the entry with ID replace when it is
// not 0, in one step.
func (m *Memory) Put(ctx context.Context, key string, in *cassette.Interaction, replace int64) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	data, err := Encode(in)
	if err != nil {
		return Entry{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return Entry{}, ErrClosed
	}
	if m.entries == nil {
		m.entries = make(map[int64]memEntry)
		m.byKey = make(map[string][]int64)
	}
	if replace != 0 {
		m.remove(replace)
	}
	m.lastID++
	id := m.lastID
	m.entries[id] = memEntry{key: key, data: data}
	m.byKey[key] = append(m.byKey[key], id)
	return DecodeEntry("memory store", id, key, slices.Clone(data))
}

// Delete removes the entries with these IDs; IDs that are not there are
// ignored.
func (m *Memory) Delete(ctx context.Context, ids ...int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	for _, id := range ids {
		m.remove(id)
	}
	return nil
}

// remove deletes the entry with id, if there is one. m.mu is held.
func (m *Memory) remove(id int64) {
	e, ok := m.entries[id]
	if !ok {
		return
	}
	delete(m.entries, id)
	ids := slices.DeleteFunc(m.byKey[e.key], func(x int64) bool { return x == id })
	if len(ids) == 0 {
		delete(m.byKey, e.key)
	} else {
		m.byKey[e.key] = ids
	}
}

// Scan calls fn with every entry, oldest first. It sees the entries as
// they were when it started, and fn may use the store.
func (m *Memory) Scan(ctx context.Context, fn func(Entry) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	ids := make([]int64, 0, len(m.entries))
	for id := range m.entries {
		ids = append(ids, id)
	}
	snapshot := make(map[int64]memEntry, len(m.entries))
	for id, e := range m.entries {
		snapshot[id] = e
	}
	m.mu.Unlock()
	slices.Sort(ids)
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := snapshot[id]
		entry, err := DecodeEntry("memory store", id, e.key, slices.Clone(e.data))
		if err != nil {
			return err
		}
		if err := fn(entry); err != nil {
			return err
		}
	}
	return nil
}

// Close empties and closes the store; later calls return ErrClosed. It is
// idempotent.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.entries = nil
	m.byKey = nil
	return nil
}
