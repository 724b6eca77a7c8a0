package recorder

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/redact"
	"github.com/tapedeck/recorder/store"
)

// AsCache makes the Recorder a persistent HTTP client cache, for programs
// developed offline against saved APIs (what aiohttp-client-cache and
// requests-cache are for Python). Use it with Open:
//
//   - it records what is missing and replays what is fresh: its mode is
//     ModeRecordMissing, unless WithMode or TAPEDECK_MODE say otherwise
//     (TAPEDECK_MODE=replay works fully offline);
//   - it honors the responses' Cache-Control and Expires headers: the
//     expiry policy (WithExpiry, or an empty one) gets
//     HonorResponseHeaders, so "max-age=60" means stale after a minute and
//     "no-store" is never written;
//   - it refreshes stale entries (StaleRefresh, unless OnStale says
//     otherwise), conditionally with If-None-Match / If-Modified-Since
//     where the response had an ETag or Last-Modified, and keeps serving
//     the old entry when the refresh fails (stale-if-error);
//   - it stores only GET and HEAD requests and 200 responses, like
//     aiohttp-client-cache; CacheMethods and CacheStatuses change the
//     lists. Other requests go to the network every time;
//   - a recording answers every request that matches it, not only the
//     first one as in tests (a cache, not a script of calls).
//
// Info tells whether a response came from the cassette, when it was
// recorded, when it expires and whether it is stale.
func AsCache(opts ...CacheOption) Option {
	return func(c *config) error {
		cc := &cacheConfig{
			methods:  []string{http.MethodGet, http.MethodHead},
			statuses: []int{http.StatusOK},
		}
		for _, opt := range opts {
			if err := opt(cc); err != nil {
				return fmt.Errorf("AsCache: %w", err)
			}
		}
		c.cache = cc
		return nil
	}
}

// AsHTTPCache makes the Recorder a private HTTP cache that follows RFC
// 9111, for programs that want a standard client cache rather than an
// offline copy of the APIs they use: AsCache keeps an entry until its
// headers say it is stale (and forever when they say nothing), AsHTTPCache
// reuses a response only while RFC 9111 says a private cache may. Use it
// with Open. Over what AsCache does, it:
//
//   - computes freshness as RFC 9111 §4.2 does (expiry.Policy.HTTPCache):
//     max-age, else Expires minus Date, else 10% of the time since
//     Last-Modified for the statuses RFC 9110 calls heuristically
//     cacheable, else none (a response with no freshness information is
//     stale at once, and is revalidated or fetched again); an invalid
//     max-age or Expires means stale; the request's max-age, min-fresh,
//     max-stale, no-cache and no-store count;
//   - stores every storable response (RFC 9111 §3), whatever its status,
//     except those with no-store or Vary: *; CacheStatuses narrows that;
//   - matches Vary: a stored response answers only requests that agree
//     with the one it was stored for on the fields its Vary names (as
//     every Recorder does);
//   - after a successful POST, PUT, DELETE or other unsafe request, takes
//     out the stored responses of its URL and of the same-origin URLs in
//     its Location and Content-Location (RFC 9111 §4.4);
//   - merges every header of a 304 into the stored response (§4.3.4),
//     sends Age on replayed responses (§5.1), stores no hop-by-hop or
//     Connection-listed header (§3.1), answers a conditional request with
//     304 from a fresh stored response (§4.3.2), and serves a stale
//     response on a failed refresh only when it does not say
//     must-revalidate or no-cache (§4.2.4);
//   - stores Set-Cookie as it came: the default redaction of Set-Cookie
//     is off (redact.Keep("Set-Cookie")), because a cache must return the
//     header it stored (RFC 9111 §3.1) and a cookie a server issued cannot
//     be restored from a redact.Secret value. The cache file then holds
//     session cookies: keep it out of version control. Cookie, and the
//     other redaction defaults, still apply to the stored requests.
//
// Its mode, refresh strategy and reuse are AsCache's.
func AsHTTPCache(opts ...CacheOption) Option {
	return func(c *config) error {
		cc := &cacheConfig{methods: []string{http.MethodGet, http.MethodHead}, http: true}
		for _, opt := range opts {
			if err := opt(cc); err != nil {
				return fmt.Errorf("AsHTTPCache: %w", err)
			}
		}
		c.cache = cc
		c.redaction = append(c.redaction, redact.Keep("Set-Cookie"))
		return nil
	}
}

// A CacheOption changes what AsCache or AsHTTPCache stores.
type CacheOption func(*cacheConfig) error

// CacheMethods sets the request methods AsCache stores and replays; the
// default is GET and HEAD. Requests with other methods go to the network
// every time and are never written.
func CacheMethods(methods ...string) CacheOption {
	return func(c *cacheConfig) error {
		if len(methods) == 0 {
			return fmt.Errorf("CacheMethods(): name at least one method, such as http.MethodGet")
		}
		c.methods = make([]string, len(methods))
		for i, m := range methods {
			if m == "" || strings.ContainsAny(m, " \t\r\n") {
				return fmt.Errorf("CacheMethods: %q is not an HTTP method", m)
			}
			c.methods[i] = strings.ToUpper(m)
		}
		return nil
	}
}

// CacheStatuses sets the response status codes AsCache writes; the default
// is 200 only. A response with another status is passed on but not
// written, so the next request goes to the network again.
func CacheStatuses(codes ...int) CacheOption {
	return func(c *cacheConfig) error {
		if len(codes) == 0 {
			return fmt.Errorf("CacheStatuses(): name at least one status code, such as http.StatusOK")
		}
		for _, code := range codes {
			if code < 100 || code > 599 {
				return fmt.Errorf("CacheStatuses: %d is not an HTTP status code (100 to 599)", code)
			}
		}
		c.statuses = slices.Clone(codes)
		return nil
	}
}

// cacheConfig is what AsCache and AsHTTPCache store.
type cacheConfig struct {
	methods  []string
	statuses []int // nil: every storable status
	http     bool  // AsHTTPCache: RFC 9111
}

// apply makes the cache preset ordinary settings: the mode is
// ModeRecordMissing unless WithMode or TAPEDECK_MODE set it (the -update
// flag and CI, which are about tests, do not apply); the expiry policy
// honours response headers; stale entries are refreshed unless OnStale says
// otherwise; only the listed methods and statuses are stored; and a
// recording answers every request that matches it.
func (c *cacheConfig) apply(s *settings, explicit Mode, env environment) {
	if explicit == 0 && env.getenv("TAPEDECK_MODE") == "" {
		s.mode, s.modeSource = ModeRecordMissing, c.name()
	}
	p := expiry.Policy{}
	if s.policy != nil {
		p = *s.policy
	}
	p.HonorResponseHeaders = true
	p.HTTPCache = c.http
	s.policy = &p
	if s.strategy == 0 {
		s.strategy = StaleRefresh
	}
	s.methods, s.statuses = c.methods, c.statuses
	s.reuse = engine.Always
	if c.http {
		s.invalidates, s.ages, s.hopByHop, s.mergeAll, s.answers304, s.behind = true, true, true, true, true, true
	}
}

// name is the preset's name, for messages.
func (c *cacheConfig) name() string {
	if c.http {
		return "AsHTTPCache"
	}
	return "AsCache"
}

// WithStore keeps the cache's entries in st instead of the cassette file,
// for a long-running cache or one shared by several processes: each
// response is written to the store when RoundTrip returns it (so a program
// killed later keeps it), entries are looked up by key without loading the
// whole store, and processes on one store see each other's entries. It takes
// what a store's Open returns, so that
//
//	rec, err := recorder.Open("api", recorder.AsCache(), recorder.WithStore(sqlite.Open("cache.db")))
//
// reads as it should (package github.com/tapedeck/recorder/store/sqlite; a
// Redis store is in store/redis). An error from the store's Open is Open's
// error. It works with AsCache or AsHTTPCache only: test fixtures stay in
// the cassette file, where they are reviewed. The path names the cache in
// messages; no file is read or written there. Close closes the store.
func WithStore(st store.Store, err error) Option {
	return func(c *config) error {
		if err != nil {
			return fmt.Errorf("WithStore: %w", err)
		}
		if st == nil {
			return errors.New("WithStore(nil): pass a store, such as the one sqlite.Open returns")
		}
		c.store = st
		return nil
	}
}
