// Package redis is a store.Store on a Redis server, for an HTTP cache that a
// team or a CI fleet shares: every process that opens the same server and
// key prefix sees the others' entries as soon as their Put returns.
//
//	s, err := redis.Open("redis://127.0.0.1:6379/0", redis.WithPrefix("ci-cache:"))
//
// It uses github.com/redis/go-redis/v9 and lives in a module of its own
// (github.com/tapedeck/recorder/store/redis) so that programs that do not
// use it do not build it.
//
// IDs come from INCR; each operation is one Lua script, so a Put that
// replaces an entry is atomic. Put returns once the server has applied
// it: a client killed after that loses nothing. Whether the entry
// survives a restart of the server is the server's persistence setting
// (appendonly yes with appendfsync always makes every Put durable on
// disk); replicas are not waited for. A store needs one Redis server, not
// Redis Cluster (the scripts name keys they compute).
package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"

	goredis "github.com/redis/go-redis/v9"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
)

// DefaultPrefix starts the names of a store's keys when Open is given no
// WithPrefix.
const DefaultPrefix = "tapedeck:"

// scanPage is how many entries Scan asks for at a time.
const scanPage = 256

// Store is a store.Store on a Redis server. Its methods are safe for
// concurrent use, also by other processes on the same server and prefix.
type Store struct {
	name   string // the URL without its password, and the prefix, for errors
	prefix string
	client *goredis.Client
	closed atomic.Bool
}

var _ store.Store = (*Store)(nil)

// An Option changes how Open opens a store.
type Option func(*Store)

// WithPrefix makes every key of the store start with prefix, so that
// several stores (one per team, project or cache) share a server without
// seeing each other's entries. The default is DefaultPrefix.
func WithPrefix(prefix string) Option {
	return func(s *Store) { s.prefix = prefix }
}

// Open connects to the Redis server at rawURL (redis://[[user]:password@]
// host:port/db, or rediss:// for TLS; see go-redis's ParseURL for the
// options the query may carry) and checks that it answers. The store's
// entries are the keys under its prefix on that server and database.
func Open(rawURL string, opts ...Option) (*Store, error) {
	s := &Store{prefix: DefaultPrefix}
	for _, o := range opts {
		o(s)
	}
	shown := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		shown = u.Redacted()
	}
	s.name = fmt.Sprintf("redis store %s (prefix %q)", shown, s.prefix)
	o, err := goredis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("redis store %s: %w: give a URL such as redis://127.0.0.1:6379/0", shown, err)
	}
	o.ContextTimeoutEnabled = true // a context's deadline bounds the call
	s.client = goredis.NewClient(o)
	if err := s.client.Ping(context.Background()).Err(); err != nil {
		s.client.Close()
		return nil, fmt.Errorf("%s: the server does not answer: %w: start redis-server, or fix the URL", s.name, err)
	}
	return s, nil
}

// fail is the error of a call that failed with err.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return fmt.Errorf("%s: %s: %w", s.name, op, err)
}

// start returns the error a call must return before it begins.
func (s *Store) start(ctx context.Context) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return ctx.Err()
}

func (s *Store) keyOf(key string) string { return s.prefix + "k:" + key }

// Get returns the entries filed under key, oldest first, in one round trip.
func (s *Store) Get(ctx context.Context, key string) ([]store.Entry, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	res, err := getScript.Run(ctx, s.client, []string{s.keyOf(key)}, s.prefix).StringSlice()
	if err != nil {
		return nil, s.fail(ctx, "get "+key, err)
	}
	if len(res)%2 != 0 {
		return nil, s.fail(ctx, "get "+key, fmt.Errorf("the server answered %d values, not ID and entry pairs", len(res)))
	}
	var out []store.Entry
	for i := 0; i < len(res); i += 2 {
		id, err := strconv.ParseInt(res[i], 10, 64)
		if err != nil {
			return nil, s.fail(ctx, "get "+key, fmt.Errorf("entry ID %q under %s: %w", res[i], s.keyOf(key), err))
		}
		e, err := store.DecodeEntry(s.name, id, key, []byte(res[i+1]))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Put files in under key with a new ID from INCR, removing the entry with
// ID replace (when not 0) in the same script. It returns once the server
// has applied it.
func (s *Store) Put(ctx context.Context, key string, in *cassette.Interaction, replace int64) (store.Entry, error) {
	if err := s.start(ctx); err != nil {
		return store.Entry{}, err
	}
	data, err := store.Encode(in)
	if err != nil {
		return store.Entry{}, err
	}
	keys := []string{s.prefix + "id", s.prefix + "all", s.keyOf(key)}
	id, err := putScript.Run(ctx, s.client, keys, s.prefix, key, data, strconv.FormatInt(replace, 10)).Int64()
	if err != nil {
		return store.Entry{}, s.fail(ctx, "put "+key, err)
	}
	return store.DecodeEntry(s.name, id, key, data)
}

// Delete removes the entries with these IDs, in one script.
func (s *Store) Delete(ctx context.Context, ids ...int64) error {
	if err := s.start(ctx); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, s.prefix)
	for _, id := range ids {
		args = append(args, strconv.FormatInt(id, 10))
	}
	if err := deleteScript.Run(ctx, s.client, []string{s.prefix + "all"}, args...).Err(); err != nil {
		return s.fail(ctx, "delete", err)
	}
	return nil
}

// Scan calls fn with every entry, oldest first, asking the server for a
// page at a time; fn may use the store.
func (s *Store) Scan(ctx context.Context, fn func(store.Entry) error) error {
	if err := s.start(ctx); err != nil {
		return err
	}
	after := "0"
	for {
		if err := s.start(ctx); err != nil {
			return err
		}
		res, err := pageScript.Run(ctx, s.client, []string{s.prefix + "all"}, s.prefix, after, scanPage).StringSlice()
		if err != nil {
			return s.fail(ctx, "scan", err)
		}
		if len(res) < 2 || (len(res)-2)%3 != 0 {
			return s.fail(ctx, "scan", errors.New("the server's answer is not a page of entries"))
		}
		looked, err := strconv.Atoi(res[0])
		if err != nil {
			return s.fail(ctx, "scan", fmt.Errorf("page size %q: %w", res[0], err))
		}
		for i := 2; i < len(res); i += 3 {
			id, err := strconv.ParseInt(res[i], 10, 64)
			if err != nil {
				return s.fail(ctx, "scan", fmt.Errorf("entry ID %q in %s: %w", res[i], s.prefix+"all", err))
			}
			e, err := store.DecodeEntry(s.name, id, res[i+1], []byte(res[i+2]))
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		if looked < scanPage {
			return nil
		}
		after = res[1]
	}
}

// Close closes the connections to the server; later calls return
// store.ErrClosed. It is idempotent.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	if err := s.client.Close(); err != nil {
		return fmt.Errorf("%s: close: %w", s.name, err)
	}
	return nil
}

// String returns the server's URL, without its password, and the prefix.
func (s *Store) String() string { return s.name }
