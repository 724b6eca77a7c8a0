package recorder_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/store"
)

// AsCache turns a Recorder into a persistent HTTP cache for a program: the
// first run fetches and stores, later runs are served from the cassette
// while the response's Cache-Control max-age says it is fresh, and a stale
// entry is revalidated with its ETag (a 304 keeps it).
func ExampleAsCache() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()

	for _, later := range []time.Duration{0, 10 * time.Second, 2 * time.Minute} {
		rec, err := recorder.Open("cache/news", recorder.AsCache(), recorder.WithFS(fsys),
			recorder.WithTransport(api.Transport), recorder.WithClock(at(t0.Add(later))))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/news")
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := rec.Close(); err != nil {
			fmt.Println(err)
			return
		}
		info, _ := recorder.Info(resp)
		fmt.Printf("+%v: from cassette %v, revalidated %v, expires %s, server saw %q\n",
			later, info.FromCassette, info.Revalidated, info.ExpiresAt.Format(time.TimeOnly), api.Requests())
	}
	// Output:
	// +0s: from cassette false, revalidated false, expires 12:01:00, server saw ["GET /news"]
	// +10s: from cassette true, revalidated false, expires 12:01:00, server saw []
	// +2m0s: from cassette true, revalidated true, expires 12:03:00, server saw ["GET /news If-None-Match: \"n1\""]
}

// CacheMethods changes which request methods AsCache stores: by default
// GET and HEAD, so a POST goes to the network every time. Here POST
// requests are cached too (the request body is part of the match).
func ExampleCacheMethods() {
	api := newUsersAPI()
	defer api.Close()
	rec, err := recorder.Open("cache/search",
		recorder.AsCache(recorder.CacheMethods(http.MethodGet, http.MethodPost)),
		recorder.WithFS(afero.NewMemMapFs()), recorder.WithTransport(api.Transport))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	for range 2 {
		resp, err := fetchURL(rec.Client(), "POST", "http://api.example.com/search")
		if err != nil {
			fmt.Println(err)
			return
		}
		info, _ := recorder.Info(resp)
		fmt.Println("from cassette:", info.FromCassette)
	}
	fmt.Println("server saw:", api.Requests())
	// Output:
	// from cassette: false
	// from cassette: true
	// server saw: [POST /search]
}

// CacheStatuses changes which response statuses AsCache stores: by default
// only 200, so a 404 is asked for again every time. Here 404s are cached
// too.
func ExampleCacheStatuses() {
	api := newUsersAPI()
	defer api.Close()
	rec, err := recorder.Open("cache/missing",
		recorder.AsCache(recorder.CacheStatuses(http.StatusOK, http.StatusNotFound)),
		recorder.WithFS(afero.NewMemMapFs()), recorder.WithTransport(api.Transport))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	for range 2 {
		resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/no-such-page")
		if err != nil {
			fmt.Println(err)
			return
		}
		info, _ := recorder.Info(resp)
		fmt.Println(resp.Status, "from cassette:", info.FromCassette)
	}
	// Output:
	// 404 Not Found from cassette: false
	// 404 Not Found from cassette: true
}

// ResponseInfo is what a Recorder knows about a response: whether it came
// from the cassette, when it was recorded, when it expires and whether it
// is stale (aiohttp-client-cache's from_cache, created_at, expires and
// is_expired). Here: recorded now, replayed fresh, replayed stale.
func ExampleResponseInfo() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	for _, run := range []struct {
		mode  recorder.Mode
		later time.Duration
	}{
		{recorder.ModeRecordMissing, 0},
		{recorder.ModeReplay, 30 * time.Minute},
		{recorder.ModeReplay, 2 * time.Hour},
	} {
		rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(run.mode),
			recorder.WithTransport(api.Transport), recorder.WithExpiry(hourly),
			recorder.WithClock(at(t0.Add(run.later))), recorder.WithLogger(func(string, ...any) {}))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/users/1")
		if err != nil {
			fmt.Println(err)
			return
		}
		if err := rec.Close(); err != nil {
			fmt.Println(err)
			return
		}
		info, _ := recorder.Info(resp)
		fmt.Printf("FromCassette=%v RecordedAt=%s ExpiresAt=%s Stale=%v\n", info.FromCassette,
			info.RecordedAt.Format(time.TimeOnly), info.ExpiresAt.Format(time.TimeOnly), info.Stale)
	}
	// Output:
	// FromCassette=false RecordedAt=12:00:00 ExpiresAt=13:00:00 Stale=false
	// FromCassette=true RecordedAt=12:00:00 ExpiresAt=13:00:00 Stale=false
	// FromCassette=true RecordedAt=12:00:00 ExpiresAt=13:00:00 Stale=true
}

// Info returns the ResponseInfo of a response a Recorder built; ok is
// false for any other response, such as one from a plain client.
func ExampleInfo() {
	api := newUsersAPI()
	defer api.Close()
	rec, err := recorder.Open("users", recorder.WithFS(afero.NewMemMapFs()),
		recorder.WithMode(recorder.ModeRecordMissing), recorder.WithTransport(api.Transport))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()

	for _, c := range []*http.Client{rec.Client(), {Transport: api.Transport}} {
		resp, err := fetchURL(c, "GET", "http://api.example.com/users/1")
		if err != nil {
			fmt.Println(err)
			return
		}
		_, ok := recorder.Info(resp)
		fmt.Println("from a recorder:", ok)
	}
	// Output:
	// from a recorder: true
	// from a recorder: false
}

// AsHTTPCache makes the Recorder a standard private HTTP cache (RFC 9111)
// instead of an offline copy: /users/1 has an ETag but no freshness
// information, which AsCache would keep forever; AsHTTPCache revalidates it
// every time (the server's 304 keeps the stored body). /news says
// max-age=60: the second request is answered from the cache, with the Age
// the response has there.
func ExampleAsHTTPCache() {
	api := newUsersAPI()
	defer api.Close()
	now := t0
	rec, err := recorder.Open("cache/http", recorder.AsHTTPCache(), recorder.WithFS(afero.NewMemMapFs()),
		recorder.WithTransport(api.Transport), recorder.WithClock(func() time.Time { return now }))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	for _, path := range []string{"/users/1", "/users/1", "/news", "/news"} {
		resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com"+path)
		if err != nil {
			fmt.Println(err)
			return
		}
		info, _ := recorder.Info(resp)
		fmt.Printf("GET %s: from cache %v, revalidated %v, Age %q, server saw %q\n",
			path, info.FromCassette, info.Revalidated, resp.Header.Get("Age"), api.Requests())
		now = now.Add(5 * time.Second)
	}
	// Output:
	// GET /users/1: from cache false, revalidated false, Age "", server saw ["GET /users/1"]
	// GET /users/1: from cache true, revalidated true, Age "0", server saw ["GET /users/1 If-None-Match: \"u1\""]
	// GET /news: from cache false, revalidated false, Age "", server saw ["GET /news"]
	// GET /news: from cache true, revalidated false, Age "5", server saw []
}

// A cache whose entries live in a store rather than in the cassette file:
// each response is in the store when RoundTrip returns, before Close, so a
// program killed later keeps it, and other programs on the same store are
// answered from it. store.NewMemory is the reference store; a program uses
// sqlite.Open("cache.db") (package store/sqlite) or a Redis server
// (store/redis).
func ExampleWithStore() {
	st := store.NewMemory()
	rec, err := recorder.Open("api", recorder.AsCache(), recorder.WithStore(st, nil), recorder.WithTransport(searchAPI{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close() // closes the store too
	for range 2 {
		resp, err := rec.Client().Get("http://api.example.test/search?q=tapes")
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		info, _ := recorder.Info(resp)
		entries, _ := st.Get(context.Background(), store.Key("GET", "http://api.example.test/search?q=tapes"))
		fmt.Printf("from the store: %v; entries stored: %d\n", info.FromCassette, len(entries))
	}
	// Output:
	// from the store: false; entries stored: 1
	// from the store: true; entries stored: 1
}
