package recorder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/updateflag"
	"github.com/tapedeck/recorder/store"
)

// cacheAPI is a loopback server that speaks HTTP caching: /max-age is
// fresh for 60s, carries an ETag and a Date from the test clock, and
// answers If-None-Match with 304; /no-store says no-store; /missing is a
// 404; POST /items creates something.
type cacheAPI struct {
	URL     string
	version atomic.Int64 // the ETag and body of /max-age are "a<version>"
	fail    atomic.Bool  // answer 503 to everything

	mu     sync.Mutex
	served []string
}

func newCacheAPI(t *testing.T, clk *clock) *cacheAPI {
	a := &cacheAPI{}
	a.version.Store(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.served = append(a.served, strings.TrimSpace(r.Method+" "+r.URL.Path+" "+r.Header.Get("If-None-Match")))
		a.mu.Unlock()
		w.Header().Set("Date", clk.Now().Format(http.TimeFormat))
		if a.fail.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		switch r.Method + " " + r.URL.Path {
		case "GET /max-age", "HEAD /max-age":
			etag := fmt.Sprintf(`"a%d"`, a.version.Load())
			w.Header().Set("Cache-Control", "max-age=60")
			w.Header().Set("Etag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprintf(w, "version %d\n", a.version.Load())
		case "GET /no-store":
			w.Header().Set("Cache-Control", "no-store")
			io.WriteString(w, "secret\n")
		case "POST /items":
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"id":7}`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	a.URL = srv.URL
	return a
}

// requests returns the requests served since the last call and forgets
// them.
func (a *cacheAPI) requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.served
	a.served = nil
	return out
}

// TestAsCache runs a program that uses the cache preset six times, at
// later and later times, and checks what reaches the server and what Info
// says each time.
func TestAsCache(t *testing.T) {
	clk := newClock(t0)
	a := newCacheAPI(t, clk)
	fsys := afero.NewMemMapFs()
	var log logs
	open := func(t *testing.T, at time.Time) *Recorder {
		t.Helper()
		clk.Set(at)
		rec, err := Open("cache/api", WithFS(fsys), AsCache(), WithClock(clk.Now), WithLogger(log.Logf))
		assert.NilError(t, err)
		return rec
	}
	send := func(t *testing.T, rec *Recorder, method, path string) (string, ResponseInfo, bool) {
		t.Helper()
		req, err := http.NewRequest(method, a.URL+path, nil)
		assert.NilError(t, err)
		resp, err := rec.Client().Do(req)
		assert.NilError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		assert.NilError(t, err)
		info, ok := Info(resp)
		return string(b), info, ok
	}
	minute := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	fromCache := func(recorded time.Time) ResponseInfo {
		return ResponseInfo{FromCassette: true, RecordedAt: recorded, ExpiresAt: recorded.Add(time.Minute)}
	}

	t.Run("first-run-records-what-it-may", func(t *testing.T) {
		rec := open(t, t0)
		assert.Equal(t, rec.Mode(), ModeRecordMissing)
		body, info, _ := send(t, rec, "GET", "/max-age")
		assert.Equal(t, body, "version 1\n")
		assert.DeepEqual(t, info, ResponseInfo{RecordedAt: t0, ExpiresAt: minute(1)})
		_, info, _ = send(t, rec, "GET", "/max-age") // again: a cache replays as often as asked
		assert.DeepEqual(t, info, fromCache(t0))
		_, info, _ = send(t, rec, "HEAD", "/max-age")
		assert.DeepEqual(t, info, ResponseInfo{RecordedAt: t0, ExpiresAt: minute(1)})
		_, info, _ = send(t, rec, "GET", "/no-store")
		assert.DeepEqual(t, info, ResponseInfo{}) // received, not written
		_, info, _ = send(t, rec, "GET", "/missing")
		assert.DeepEqual(t, info, ResponseInfo{}) // a 404 is not stored
		_, _, ok := send(t, rec, "POST", "/items")
		assert.Assert(t, !ok, "a POST passes straight through")
		assert.NilError(t, rec.Close())
		assert.DeepEqual(t, a.requests(), []string{"GET /max-age", "HEAD /max-age", "GET /no-store", "GET /missing", "POST /items"})
		c, err := cassette.Load(fsys, "cache/api.yaml")
		assert.NilError(t, err)
		var got []string
		for _, in := range c.Interactions {
			got = append(got, in.Request.Method+" "+strings.TrimPrefix(in.Request.URL, a.URL))
		}
		assert.DeepEqual(t, got, []string{"GET /max-age", "HEAD /max-age"})
	})

	t.Run("fresh-entries-are-served-offline", func(t *testing.T) {
		rec := open(t, t0.Add(30*time.Second))
		for range 3 {
			body, info, _ := send(t, rec, "GET", "/max-age")
			assert.Equal(t, body, "version 1\n")
			assert.DeepEqual(t, info, fromCache(t0))
		}
		assert.NilError(t, rec.Close())
		assert.DeepEqual(t, a.requests(), []string(nil))
	})

	t.Run("stale-entry-is-revalidated", func(t *testing.T) {
		rec := open(t, minute(2))
		body, info, _ := send(t, rec, "GET", "/max-age")
		assert.Equal(t, body, "version 1\n")
		assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, Revalidated: true, RecordedAt: minute(2), ExpiresAt: minute(3)})
		_, info, _ = send(t, rec, "GET", "/max-age") // fresh again: no request
		assert.DeepEqual(t, info, fromCache(minute(2)))
		assert.NilError(t, rec.Close())
		assert.DeepEqual(t, a.requests(), []string{`GET /max-age "a1"`})
		// The 304's Date replaced the recorded one: the entry's age starts
		// again from the revalidation.
		c, err := cassette.Load(fsys, "cache/api.yaml")
		assert.NilError(t, err)
		assert.Equal(t, c.Interactions[0].Response.Headers.Get("Date"), minute(2).Format(http.TimeFormat))
	})

	t.Run("changed-entry-is-replaced", func(t *testing.T) {
		a.version.Store(2)
		rec := open(t, minute(4))
		body, info, _ := send(t, rec, "GET", "/max-age")
		assert.Equal(t, body, "version 2\n")
		assert.DeepEqual(t, info, ResponseInfo{RecordedAt: minute(4), ExpiresAt: minute(5)})
		assert.NilError(t, rec.Close())
		assert.DeepEqual(t, a.requests(), []string{`GET /max-age "a1"`})
	})

	t.Run("stale-if-error", func(t *testing.T) {
		a.fail.Store(true)
		defer a.fail.Store(false)
		rec := open(t, minute(6))
		body, info, _ := send(t, rec, "GET", "/max-age")
		assert.Equal(t, body, "version 2\n")
		assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, Stale: true, RecordedAt: minute(4), ExpiresAt: minute(5)})
		assert.NilError(t, rec.Close())
		assert.DeepEqual(t, a.requests(), []string{`GET /max-age "a2"`})
		lines := log.all()
		assert.Equal(t, len(lines), 1)
		assert.Assert(t, strings.Contains(lines[0], "refresh: the server answered 503 Service Unavailable; the cassette keeps the old recording"), lines[0])
		assert.Assert(t, strings.Contains(lines[0], "stale: age 2m, response Cache-Control max-age=1m, expired 1m ago"), lines[0])
	})

	t.Run("offline-with-TAPEDECK_MODE=replay", func(t *testing.T) {
		t.Setenv("TAPEDECK_MODE", "replay")
		rec := open(t, minute(8))
		assert.Equal(t, rec.Mode(), ModeReplay)
		body, info, _ := send(t, rec, "GET", "/max-age")
		assert.Equal(t, body, "version 2\n")
		assert.Assert(t, info.Stale && info.FromCassette)
		lines := log.all()
		assert.Assert(t, strings.Contains(lines[len(lines)-1], "not refreshed (OnStale(StaleRefresh)): mode replay (from TAPEDECK_MODE=replay) never uses the network"), lines[len(lines)-1])
		_, err := rec.Client().Post(a.URL+"/items", "application/json", strings.NewReader(`{}`))
		assert.ErrorContains(t, err, "is never recorded (the cache stores only [GET HEAD]), so it must go to the network, but mode replay (from TAPEDECK_MODE=replay) never uses the network")
		assert.NilError(t, rec.Close())
		assert.DeepEqual(t, a.requests(), []string(nil))
	})
}

// TestAsCacheLists: CacheMethods and CacheStatuses change what is stored.
func TestAsCacheLists(t *testing.T) {
	clk := newClock(t0)
	a := newCacheAPI(t, clk)
	fsys := afero.NewMemMapFs()
	for range 2 {
		rec, err := Open("c", WithFS(fsys), WithClock(clk.Now),
			AsCache(CacheMethods("get", http.MethodPost), CacheStatuses(http.StatusOK, http.StatusCreated, http.StatusNotFound)))
		assert.NilError(t, err)
		for _, path := range []string{"/missing", "/items"} {
			method := "GET"
			if path == "/items" {
				method = "POST"
			}
			req, err := http.NewRequest(method, a.URL+path, strings.NewReader(""))
			assert.NilError(t, err)
			resp, err := rec.Client().Do(req)
			assert.NilError(t, err)
			resp.Body.Close()
		}
		assert.NilError(t, rec.Close())
	}
	// The second run was served from the cassette.
	assert.DeepEqual(t, a.requests(), []string{"GET /missing", "POST /items"})
}

// TestHTTPCachePresetSettings checks that AsHTTPCache is ordinary settings,
// and that AsCache and plain recorders (fixtures) get none of them.
func TestHTTPCachePresetSettings(t *testing.T) {
	env := environment{getenv: func(string) string { return "" }, update: func() updateflag.Level { return updateflag.Off }}
	s, err := resolve("c", nil, []Option{AsHTTPCache()}, env)
	assert.NilError(t, err)
	assert.Assert(t, s.policy.HTTPCache && s.policy.HonorResponseHeaders)
	assert.Assert(t, s.invalidates && s.ages && s.hopByHop && s.mergeAll && s.answers304)
	assert.Assert(t, s.statuses == nil)
	assert.Equal(t, s.modeSource, "AsHTTPCache")
	assert.DeepEqual(t, s.methods, []string{http.MethodGet, http.MethodHead})
	for _, opts := range [][]Option{nil, {AsCache()}} {
		s, err := resolve("c", nil, opts, env)
		assert.NilError(t, err)
		assert.Assert(t, !s.invalidates && !s.ages && !s.hopByHop && !s.mergeAll && !s.answers304)
		assert.Assert(t, s.policy == nil || !s.policy.HTTPCache)
	}
}

// TestHTTPCacheBehaviour runs what AsHTTPCache adds against a server: an
// unsafe request invalidates, hop-by-hop headers are not stored, a 304
// merges every header, and a conditional request is answered from the
// cache.
func TestHTTPCacheBehaviour(t *testing.T) {
	var gets, version int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Date"] = nil
		switch r.Method {
		case http.MethodPost:
			version++
			return
		}
		gets++
		w.Header().Set("Cache-Control", "max-age=60")
		w.Header().Set("Etag", fmt.Sprintf(`"v%d"`, version))
		w.Header().Set("Connection", "X-Hop")
		w.Header().Set("X-Hop", "1")
		fmt.Fprintf(w, "version %d", version)
	}))
	defer srv.Close()
	rec, err := Open("c", AsHTTPCache(), WithFS(afero.NewMemMapFs()), WithClock(func() time.Time { return t0 }))
	assert.NilError(t, err)
	defer rec.Close()
	get := func(h ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/doc", nil)
		for i := 0; i+1 < len(h); i += 2 {
			req.Header.Set(h[i], h[i+1])
		}
		resp, err := rec.RoundTrip(req)
		assert.NilError(t, err)
		return resp
	}
	get()
	resp := get()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, string(body), "version 0")
	assert.Equal(t, gets, 1)
	assert.Equal(t, resp.Header.Get("X-Hop"), "", "a Connection-listed header is not stored")
	assert.Equal(t, resp.Header.Get("Age"), "0")

	assert.Equal(t, get("If-None-Match", `"v0"`).StatusCode, http.StatusNotModified)
	assert.Equal(t, gets, 1, "a fresh entry answers the conditional request itself")

	post, _ := http.NewRequest(http.MethodPost, srv.URL+"/doc", strings.NewReader("x"))
	_, err = rec.RoundTrip(post)
	assert.NilError(t, err)
	resp = get()
	body, _ = io.ReadAll(resp.Body)
	assert.Equal(t, string(body), "version 1", "the POST invalidated the stored GET")
	assert.Equal(t, gets, 2)
}

// TestWithStore: under the cache preset with a store, each response is in
// the store when RoundTrip returns (before Close), another recorder on the
// same store replays it without the network, a refresh replaces the entry
// in place, and Close writes no cassette file.
func TestWithStore(t *testing.T) {
	clk := newClock(t0)
	a := newCacheAPI(t, clk)
	fsys := afero.NewMemMapFs()
	st := store.NewMemory()
	open := func() *Recorder {
		rec, err := Open("cache/api", WithFS(fsys), AsCache(), WithStore(st, nil), WithClock(clk.Now), WithLogger(t.Logf))
		assert.NilError(t, err)
		return rec
	}
	first, second := open(), open()
	got := get(t, first.Client(), a.URL+"/max-age")
	assert.Equal(t, string(got.Body), "version 1\n")
	entries, err := st.Get(context.Background(), store.Key("GET", a.URL+"/max-age"))
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 1, "the response is not in the store when RoundTrip returned")

	got = get(t, second.Client(), a.URL+"/max-age")
	assert.Equal(t, string(got.Body), "version 1\n")
	assert.DeepEqual(t, a.requests(), []string{"GET /max-age"})

	// Stale a minute later: refreshed (304), and the entry replaced, not added.
	clk.Set(t0.Add(2 * time.Minute))
	get(t, second.Client(), a.URL+"/max-age")
	assert.DeepEqual(t, a.requests(), []string{`GET /max-age "a1"`})
	entries, err = st.Get(context.Background(), store.Key("GET", a.URL+"/max-age"))
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 1)
	assert.Equal(t, entries[0].Interaction.RecordedAt, t0.Add(2*time.Minute))

	assert.NilError(t, first.Close())
	assert.NilError(t, second.Close())
	_, err = fsys.Stat("cache/api.yaml")
	assert.Assert(t, errors.Is(err, fs.ErrNotExist), "a cassette file was written: %v", err)
	_, err = st.Get(context.Background(), "x")
	assert.ErrorIs(t, err, store.ErrClosed)
}

// TestWithStoreInvalidates: under AsHTTPCache, a successful POST takes the
// stored GET of its URL out of the store.
func TestWithStoreInvalidates(t *testing.T) {
	var version atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			version.Add(1)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Cache-Control", "max-age=3600")
		fmt.Fprintf(w, "version %d", version.Load())
	}))
	defer srv.Close()
	st := store.NewMemory()
	rec, err := Open("cache/api", WithFS(afero.NewMemMapFs()), AsHTTPCache(), WithStore(st, nil))
	assert.NilError(t, err)
	assert.Equal(t, string(get(t, rec.Client(), srv.URL+"/doc").Body), "version 0")
	assert.Equal(t, string(get(t, rec.Client(), srv.URL+"/doc").Body), "version 0")
	do(t, rec.Client(), newRequest(t, "POST", srv.URL+"/doc", []byte("x"), nil))
	entries, err := st.Get(context.Background(), store.Key("GET", srv.URL+"/doc"))
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 0, "the POST left the stored GET")
	assert.Equal(t, string(get(t, rec.Client(), srv.URL+"/doc").Body), "version 1")
	assert.NilError(t, rec.Close())
}

func TestWithStoreErrors(t *testing.T) {
	_, err := Open("c", WithFS(afero.NewMemMapFs()), WithStore(store.NewMemory(), nil))
	assert.ErrorContains(t, err, "WithStore is for a cache: add recorder.AsCache() or recorder.AsHTTPCache()")
	_, err = Open("c", AsCache(), WithStore(nil, errors.New("cache.db: permission denied")))
	assert.ErrorContains(t, err, "tapedeck: c: WithStore: cache.db: permission denied")
	_, err = Open("c", AsCache(), WithStore(nil, nil))
	assert.ErrorContains(t, err, "WithStore(nil)")
}
