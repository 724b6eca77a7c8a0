// Package sqlite is a store.Store in one SQLite file, for a long-running
// HTTP cache on one machine: each Put is committed (and the file synced)
// before it returns, so a program killed at any moment keeps every entry
// it was told about, and several processes may use one file at once.
//
//	s, err := sqlite.Open("cache.db")
//
// It uses modernc.org/sqlite, SQLite translated to Go: no cgo, no C
// compiler, no shared library. It lives in a module of its own
// (github.com/tapedeck/recorder/store/sqlite) so that programs that do not
// use it do not build it.
//
// The file holds one table, tapedeck_entries (id, key, entry), with an
// index on key, so that a lookup reads one key's entries and not the whole
// store. The database runs in WAL mode (readers do not wait for a writer)
// with synchronous=FULL and a busy timeout of BusyTimeout: a writer waits
// for another process's write rather than failing.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
)

// SchemaVersion is the version of the file's layout that this package
// writes (in PRAGMA user_version) and the newest it opens.
const SchemaVersion = 1

// BusyTimeout is how long a call waits for another process that holds the
// file's write lock before it fails.
const BusyTimeout = 10 * time.Second

// scanPage is how many entries Scan reads per query: Scan holds no read
// transaction while fn runs, so fn may write to the store.
const scanPage = 256

// Store is a store.Store in one SQLite file. Its methods are safe for
// concurrent use, also by other processes that open the same file.
type Store struct {
	path   string
	db     *sql.DB
	closed atomic.Bool
	// write serializes this process's writers, which would otherwise
	// poll SQLite's busy handler for each other; other processes are
	// kept apart by SQLite's file locks.
	write sync.Mutex
}

var _ store.Store = (*Store)(nil)

// Open opens the SQLite store at path, creating the file and its table
// when they do not exist. A file that is not an SQLite database, an SQLite
// database that tapedeck did not make, or one a newer tapedeck made, is an
// error that names path.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite store: empty path: give Open a file name such as \"cache.db\"")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+strconv.FormatInt(BusyTimeout.Milliseconds(), 10)+")")
	q.Add("_pragma", "synchronous(FULL)")
	q.Set("_txlock", "immediate") // a writing transaction takes the lock at BEGIN, waiting as long as BusyTimeout
	// A file: URI, with the path escaped, so that no character of it
	// (?, #, %) is read as part of the query.
	dsn := "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	s := &Store{path: path, db: db}
	// SQLite answers SQLITE_BUSY at once, without waiting, where waiting
	// could deadlock: two processes that open a new file together both
	// read its header and then both want to write it (switching it to WAL
	// mode). The one that loses tries again, until BusyTimeout.
	deadline := time.Now().Add(BusyTimeout)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		err = s.init()
		if err == nil {
			return s, nil
		}
		if !isBusy(err) || time.Now().After(deadline) {
			db.Close()
			return nil, err
		}
		time.Sleep(pause)
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY.
func isBusy(err error) bool {
	var se *msqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// init puts the file in WAL mode, creates the table and index in a new
// file and checks the schema version of an existing one. WAL mode is
// kept in the file, so the connections opened later find it set.
func (s *Store) init() error {
	ctx := context.Background()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return s.openError(err)
	}
	if mode != "wal" {
		return fmt.Errorf("sqlite store %s: the file stays in journal mode %q, not wal: "+
			"put it on a local file system that supports shared memory", s.path, mode)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.openError(err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return s.openError(err)
	}
	switch {
	case version > SchemaVersion:
		return fmt.Errorf("sqlite store %s: made by a newer tapedeck (schema %d, this one reads up to %d): "+
			"upgrade github.com/tapedeck/recorder/store/sqlite", s.path, version, SchemaVersion)
	case version == SchemaVersion:
		return nil
	}
	rows, err := tx.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		return s.openError(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return s.openError(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.openError(err)
	}
	if len(tables) > 0 {
		return fmt.Errorf("sqlite store %s: an SQLite database that tapedeck did not make (tables %s): "+
			"give Open a new file", s.path, strings.Join(tables, ", "))
	}
	for _, stmt := range []string{
		`CREATE TABLE tapedeck_entries (
			id    INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so IDs grow
			key   TEXT NOT NULL,                     -- store.Key: method, space, URL
			entry BLOB NOT NULL                      -- store.Encode of the interaction
		)`,
		`CREATE INDEX tapedeck_entries_key ON tapedeck_entries (key)`, // holds (key, id): Get reads in ID order
		`PRAGMA user_version = ` + strconv.Itoa(SchemaVersion),
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return s.openError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.openError(err)
	}
	return nil
}

// openError explains a failure to open the file.
func (s *Store) openError(err error) error {
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("sqlite store %s: not an SQLite database (%w): give Open a new file or a cache tapedeck made", s.path, err)
		case sqlite3.SQLITE_CANTOPEN:
			dir := filepath.Dir(s.path)
			if _, serr := os.Stat(dir); serr != nil {
				return fmt.Errorf("sqlite store %s: cannot create the file: %w; create the directory first", s.path, serr)
			}
			return fmt.Errorf("sqlite store %s: cannot open or create the file (SQLite code %d): "+
				"check that it and its directory %s are readable and writable", s.path, se.Code(), dir)
		}
	}
	return s.fail("open", err)
}

// fail is the error of a call that failed with err.
func (s *Store) fail(op string, err error) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY:
			return fmt.Errorf("sqlite store %s: %s: another process held the write lock for more than %v (%w): "+
				"try again, or find the process that keeps the file locked", s.path, op, BusyTimeout, err)
		case sqlite3.SQLITE_INTERRUPT:
			return fmt.Errorf("sqlite store %s: %s: interrupted: %w", s.path, op, context.Canceled)
		}
	}
	return fmt.Errorf("sqlite store %s: %s: %w", s.path, op, err)
}

// start returns the error a call must return before it begins: ErrClosed,
// or that of a context already done.
func (s *Store) start(ctx context.Context) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return ctx.Err()
}

// Get returns the entries filed under key, oldest first. It reads that
// key's entries through the index, not the whole table.
func (s *Store) Get(ctx context.Context, key string) ([]store.Entry, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, entry FROM tapedeck_entries WHERE key = ? ORDER BY id", key)
	if err != nil {
		return nil, s.fail("get "+key, err)
	}
	defer rows.Close()
	var out []store.Entry
	for rows.Next() {
		var id int64
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, s.fail("get "+key, err)
		}
		e, err := store.DecodeEntry(s.path, id, key, data)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("get "+key, err)
	}
	return out, nil
}

// Put files in under key, replacing the entry with ID replace (when not
// 0) in the same transaction. It returns once the transaction is committed
// and the file synced.
func (s *Store) Put(ctx context.Context, key string, in *cassette.Interaction, replace int64) (store.Entry, error) {
	if err := s.start(ctx); err != nil {
		return store.Entry{}, err
	}
	data, err := store.Encode(in)
	if err != nil {
		return store.Entry{}, err
	}
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.Entry{}, s.fail("put "+key, err)
	}
	defer tx.Rollback()
	if replace != 0 {
		if _, err := tx.ExecContext(ctx, "DELETE FROM tapedeck_entries WHERE id = ?", replace); err != nil {
			return store.Entry{}, s.fail("put "+key, err)
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO tapedeck_entries (key, entry) VALUES (?, ?) RETURNING id", key, data).Scan(&id); err != nil {
		return store.Entry{}, s.fail("put "+key, err)
	}
	if err := tx.Commit(); err != nil {
		return store.Entry{}, s.fail("put "+key, err)
	}
	return store.DecodeEntry(s.path, id, key, data)
}

// Delete removes the entries with these IDs, in one transaction.
func (s *Store) Delete(ctx context.Context, ids ...int64) error {
	if err := s.start(ctx); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	s.write.Lock()
	defer s.write.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.fail("delete", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "DELETE FROM tapedeck_entries WHERE id = ?")
	if err != nil {
		return s.fail("delete", err)
	}
	defer stmt.Close()
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return s.fail("delete", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.fail("delete", err)
	}
	return nil
}

// Scan calls fn with every entry, oldest first, reading them a page at a
// time; fn runs outside any transaction and may use the store.
func (s *Store) Scan(ctx context.Context, fn func(store.Entry) error) error {
	if err := s.start(ctx); err != nil {
		return err
	}
	after := int64(0)
	for {
		page, err := s.page(ctx, after)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
			after = e.ID
		}
		if len(page) < scanPage {
			return nil
		}
	}
}

// page returns up to scanPage entries with IDs above after.
func (s *Store) page(ctx context.Context, after int64) ([]store.Entry, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, key, entry FROM tapedeck_entries WHERE id > ? ORDER BY id LIMIT ?", after, scanPage)
	if err != nil {
		return nil, s.fail("scan", err)
	}
	defer rows.Close()
	var out []store.Entry
	for rows.Next() {
		var id int64
		var key string
		var data []byte
		if err := rows.Scan(&id, &key, &data); err != nil {
			return nil, s.fail("scan", err)
		}
		e, err := store.DecodeEntry(s.path, id, key, data)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("scan", err)
	}
	return out, nil
}

// Close closes the file; later calls return store.ErrClosed. It is
// idempotent.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite store %s: close: %w", s.path, err)
	}
	return nil
}

// String returns the store's path.
func (s *Store) String() string { return s.path }
