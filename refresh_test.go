package recorder

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

func TestFreshen(t *testing.T) {
	recorded := http.Header{
		"Age":           {"30"},
		"Cache-Control": {"max-age=60"},
		"Content-Type":  {"text/plain"},
		"Date":          {"Tue, 24 Nov 2026 12:00:00 GMT"},
		"Etag":          {`"a1"`},
	}
	got := freshen(recorded, http.Header{
		"Cache-Control": {"max-age=120"},
		"Date":          {"Tue, 24 Nov 2026 12:05:00 GMT"},
		"Server":        {"ignored"},
	})
	assert.DeepEqual(t, got, http.Header{
		"Cache-Control": {"max-age=120"},
		"Content-Type":  {"text/plain"},
		"Date":          {"Tue, 24 Nov 2026 12:05:00 GMT"},
		"Etag":          {`"a1"`},
	})
	assert.Equal(t, recorded.Get("Age"), "30", "freshen changed the recorded header")
	assert.DeepEqual(t, freshen(nil, http.Header{"Age": {"5"}}), http.Header{"Age": {"5"}})
}

// TestUpdateRevalidates is the end-to-end test of -update on a cassette
// with a 1h rule, read 2h after it was recorded, against the loopback API
// (which answers If-None-Match with 304).
func TestUpdateRevalidates(t *testing.T) {
	later := t0.Add(2 * time.Hour)

	t.Run("304-moves-only-recorded_at", func(t *testing.T) {
		u, tr := newUpstream(t)
		fsys, before := seed(t, tr)
		u.requests()

		rec, err := Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr),
			WithExpiry(hourRule), WithClock(newClock(later).Now))
		assert.NilError(t, err)
		body, info := getJSON(t, rec.Client(), api+"/repos/1")
		assert.NilError(t, rec.Close())

		assert.DeepEqual(t, u.requests(), []string{`GET /repos/1 "v1"`})
		assert.Equal(t, body, `{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`)
		assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, Revalidated: true, RecordedAt: later, ExpiresAt: later.Add(time.Hour)})
		after, err := afero.ReadFile(fsys, "c.yaml")
		assert.NilError(t, err)
		assert.DeepEqual(t, changedLines(t, before, after), []string{
			"3: -- recorded_at: 2026-11-24T12:00:00Z +- recorded_at: 2026-11-24T14:00:00Z"})
		assert.Assert(t, !strings.Contains(string(after), "If-None-Match"), "the conditional header was recorded:\n%s", after)
	})

	t.Run("changed-resource-is-rerecorded-in-place", func(t *testing.T) {
		u, tr := newUpstream(t)
		fsys, _ := seed(t, tr)
		u.requests()
		u.changed.Store(true)

		rec, err := Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr),
			WithExpiry(hourRule), WithClock(newClock(later).Now))
		assert.NilError(t, err)
		body, info := getJSON(t, rec.Client(), api+"/repos/1")
		assert.NilError(t, rec.Close())

		assert.DeepEqual(t, u.requests(), []string{`GET /repos/1 "v1"`})
		assert.Equal(t, body, changedRepo)
		assert.DeepEqual(t, info, ResponseInfo{RecordedAt: later, ExpiresAt: later.Add(time.Hour)})
		c, err := cassette.Load(fsys, "c.yaml")
		assert.NilError(t, err)
		assert.DeepEqual(t, urls(c), seedPaths) // same place, nothing appended
		got := c.Interactions[0]
		assert.Equal(t, string(got.Response.Body), changedRepo)
		assert.Equal(t, got.Response.Headers.Get("Etag"), `"v1-changed"`)
		assert.Equal(t, got.RecordedAt, later)
		assert.DeepEqual(t, got.Request.Headers, http.Header{"Accept": {"application/json"}})
	})

	t.Run("500-keeps-the-old-recording", func(t *testing.T) {
		u, tr := newUpstream(t)
		fsys, before := seed(t, tr)
		u.requests()
		u.fail.Store(true)

		var log logs
		rec, err := Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr),
			WithExpiry(hourRule), WithClock(newClock(later).Now), WithLogger(log.Logf))
		assert.NilError(t, err)
		body, info := getJSON(t, rec.Client(), api+"/repos/1")
		assert.NilError(t, rec.Close())

		assert.DeepEqual(t, u.requests(), []string{`GET /repos/1 "v1"`})
		assert.Equal(t, body, `{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`)
		assert.DeepEqual(t, info, ResponseInfo{FromCassette: true, Stale: true, RecordedAt: t0, ExpiresAt: t0.Add(time.Hour)})
		after, err := afero.ReadFile(fsys, "c.yaml")
		assert.NilError(t, err)
		assert.Equal(t, string(after), string(before))
		assert.Equal(t, len(log.all()), 1)
		assert.Assert(t, strings.Contains(log.all()[0], "stale-if-error"), log.all()[0])
		assert.Assert(t, strings.Contains(log.all()[0], "refresh: the server answered 500 Internal Server Error; the cassette keeps the old recording"), log.all()[0])
	})

	t.Run("transport-error-keeps-the-old-recording", func(t *testing.T) {
		_, tr := newUpstream(t)
		fsys, before := seed(t, tr)
		var log logs
		off := &offline{}
		rec, err := Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(off),
			WithExpiry(hourRule), WithClock(newClock(later).Now), WithLogger(log.Logf))
		assert.NilError(t, err)
		_, info := getJSON(t, rec.Client(), api+"/repos/1")
		assert.NilError(t, rec.Close())

		assert.Equal(t, off.used.Load(), int64(1))
		assert.Assert(t, info.Stale && info.FromCassette)
		after, err := afero.ReadFile(fsys, "c.yaml")
		assert.NilError(t, err)
		assert.Equal(t, string(after), string(before))
		assert.Assert(t, strings.Contains(log.all()[0], "refresh: offline transport used for GET http://api.example.test/repos/1; the cassette keeps the old recording"), log.all()[0])
	})

	t.Run("no-validators-refetches", func(t *testing.T) {
		u, tr := newUpstream(t)
		fsys, before := seed(t, tr)
		u.requests()
		rec, err := Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr),
			WithExpiry(hourRule), WithClock(newClock(later).Now))
		assert.NilError(t, err)
		_, info := getJSON(t, rec.Client(), api+"/hello")
		assert.NilError(t, rec.Close())

		assert.DeepEqual(t, u.requests(), []string{`GET /hello `}) // unconditional: /hello has no ETag
		assert.DeepEqual(t, info, ResponseInfo{RecordedAt: later, ExpiresAt: later.Add(time.Hour)})
		after, err := afero.ReadFile(fsys, "c.yaml")
		assert.NilError(t, err)
		// Same response, so only its recorded_at moved; duration is 0 under
		// a clock that stands still, as it was when seeded.
		assert.DeepEqual(t, changedLines(t, before, after), []string{
			"50: -- recorded_at: 2026-11-24T12:00:00Z +- recorded_at: 2026-11-24T14:00:00Z"})
	})
}

// TestUpdateKeepsFreshInteractions: in ModeUpdate, only stale recordings
// reach the server; fresh ones replay and stay as they are.
func TestUpdateKeepsFreshInteractions(t *testing.T) {
	u, tr := newUpstream(t)
	fsys, before := seed(t, tr)
	u.requests()

	// 30 minutes later nothing is stale: no request reaches the server and
	// the file is not written.
	rec, err := Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr),
		WithExpiry(hourRule), WithClock(newClock(t0.Add(30*time.Minute)).Now))
	assert.NilError(t, err)
	for _, p := range seedPaths {
		_, info := getJSON(t, rec.Client(), api+p)
		assert.Assert(t, info.FromCassette && !info.Stale, "%s: %+v", p, info)
	}
	assert.NilError(t, rec.Close())
	assert.Equal(t, len(u.requests()), 0)
	after, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, string(after), string(before))

	// A year later everything but /repos/2 (rule: never) is stale: the
	// server sees the other two only.
	rec, err = Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr),
		WithExpiry(hourRule), WithClock(newClock(t0.Add(365*24*time.Hour)).Now))
	assert.NilError(t, err)
	for _, p := range seedPaths {
		getJSON(t, rec.Client(), api+p)
	}
	assert.NilError(t, rec.Close())
	assert.DeepEqual(t, u.requests(), []string{`GET /repos/1 "v1"`, `GET /hello `})
}

// TestRefreshConcurrent refreshes many stale recordings at once, for the
// race detector, and checks that each lands in its own place.
func TestRefreshConcurrent(t *testing.T) {
	_, tr := newUpstream(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), WithClock(newClock(t0).Now))
	assert.NilError(t, err)
	const n = 40
	for i := range n {
		get(t, rec.Client(), api+"/logo.bin?size="+strconv.Itoa(100+i))
	}
	assert.NilError(t, rec.Close())

	later := t0.Add(time.Hour)
	rec, err = Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), OnStale(StaleRefresh),
		WithExpiry(hourRule), WithClock(newClock(later).Now))
	assert.NilError(t, err)
	done := make(chan struct{})
	for i := range n {
		go func() {
			defer func() { done <- struct{}{} }()
			got := get(t, rec.Client(), api+"/logo.bin?size="+strconv.Itoa(100+i))
			assert.Equal(t, len(got.Body), 100+i)
		}()
	}
	for range n {
		<-done
	}
	assert.NilError(t, rec.Close())
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), n)
	for i, in := range c.Interactions {
		assert.Equal(t, in.Request.URL, api+"/logo.bin?size="+strconv.Itoa(100+i))
		assert.Equal(t, len(in.Response.Body), 100+i)
		assert.Equal(t, in.RecordedAt, later)
	}
}
func urls(c *cassette.Cassette) []string {
	var out []string
	for _, in := range c.Interactions {
		out = append(out, strings.TrimPrefix(in.Request.URL, api))
	}
	return out
}

// TestUpdateRevalidatesLastModified is the end-to-end test of go test
// -update (ModeUpdate under New) on a recording whose only validator is
// Last-Modified: two hours after it was recorded under a 1h rule, the
// refresh sends If-Modified-Since; a 304 moves only recorded_at, a newer
// document is recorded in its place.
func TestUpdateRevalidatesLastModified(t *testing.T) {
	const (
		v1 = "Tue, 24 Nov 2026 09:00:00 GMT"
		v2 = "Tue, 24 Nov 2026 13:00:00 GMT"
	)
	for _, tc := range []struct {
		name    string
		current string // the server's Last-Modified at refresh time
		body    string // what the client gets on refresh
		info    ResponseInfo
		changed []string // the lines of the file that change
	}{
		{
			name:    "304-moves-only-recorded_at",
			current: v1,
			body:    "report as of " + v1 + "\n",
			info:    ResponseInfo{FromCassette: true, Revalidated: true, RecordedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(3 * time.Hour)},
			changed: []string{"4: -- recorded_at: 2026-11-24T12:00:00Z +- recorded_at: 2026-11-24T14:00:00Z"},
		},
		{
			name:    "newer-document-is-rerecorded",
			current: v2,
			body:    "report as of " + v2 + "\n",
			info:    ResponseInfo{RecordedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(3 * time.Hour)},
			changed: []string{
				"4: -- recorded_at: 2026-11-24T12:00:00Z +- recorded_at: 2026-11-24T14:00:00Z",
				"17: -Last-Modified: ['Tue, 24 Nov 2026 09:00:00 GMT'] +Last-Modified: ['Tue, 24 Nov 2026 13:00:00 GMT']",
				"19: -report as of Tue, 24 Nov 2026 09:00:00 GMT +report as of Tue, 24 Nov 2026 13:00:00 GMT",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var (
				mu      sync.Mutex
				current = v1
				served  []string
			)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				lm := current
				served = append(served, fmt.Sprintf("%s %s If-Modified-Since=%q If-None-Match=%q",
					r.Method, r.URL.Path, r.Header.Get("If-Modified-Since"), r.Header.Get("If-None-Match")))
				mu.Unlock()
				w.Header()["Date"] = nil
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.Header().Set("Last-Modified", lm)
				since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
				modified, _ := http.ParseTime(lm)
				if err == nil && !modified.After(since) {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				io.WriteString(w, "report as of "+lm+"\n")
			}))
			t.Cleanup(srv.Close)
			requests := func() []string {
				mu.Lock()
				defer mu.Unlock()
				out := served
				served = nil
				return out
			}
			policy := expiry.Policy{Rules: []expiry.Rule{{Pattern: "127.0.0.1:*/**", Expire: expiry.After(time.Hour)}}}
			fsys := afero.NewMemMapFs()
			run := func(mode Mode, now time.Time) (string, ResponseInfo, *fakeT) {
				ft := &fakeT{name: "TestReport"}
				rec, fatal := newFake(ft, "report", WithFS(fsys), WithMode(mode), WithExpiry(policy), WithClock(newClock(now).Now))
				assert.Equal(t, fatal, "")
				body, info, ok, err := fetchInfo(rec.Client(), srv.URL+"/report")
				assert.NilError(t, err)
				assert.Assert(t, ok)
				ft.finish()
				return body, info, ft
			}

			run(ModeRecordMissing, t0)
			before, err := afero.ReadFile(fsys, "report.yaml")
			assert.NilError(t, err)
			requests()

			mu.Lock()
			current = tc.current
			mu.Unlock()
			body, info, ft := run(ModeUpdate, t0.Add(2*time.Hour))
			assert.DeepEqual(t, requests(), []string{`GET /report If-Modified-Since="` + v1 + `" If-None-Match=""`})
			assert.Equal(t, body, tc.body)
			assert.DeepEqual(t, info, tc.info)
			assert.DeepEqual(t, ft.errors, []string(nil))
			assert.DeepEqual(t, ft.logs, []string(nil))
			after, err := afero.ReadFile(fsys, "report.yaml")
			assert.NilError(t, err)
			assert.DeepEqual(t, changedLines(t, before, after), tc.changed)
			assert.Assert(t, !strings.Contains(string(after), "If-Modified-Since"), "the conditional header was recorded:\n%s", after)
		})
	}
}

// TestRefreshIsRedacted checks that a refresh, which replaces a stale
// recording in place, stores the new one redacted and through the
// AfterCapture hooks, like any recording: here the live request carries a
// newer token than the recording.
func TestRefreshIsRedacted(t *testing.T) {
	u, tr := newUpstream(t)
	fsys := afero.NewMemMapFs()
	clk := newClock(t0)
	auth := func(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), WithExpiry(hourRule), WithClock(clk.Now))
	assert.NilError(t, err)
	do(t, rec.Client(), newRequest(t, "GET", api+"/repos/1", nil, auth("tok-aaa111")))
	assert.NilError(t, rec.Close())

	u.changed.Store(true)
	clk.Set(t0.Add(2 * time.Hour))
	var captured steps
	rec, err = Open("c", WithFS(fsys), WithMode(ModeUpdate), WithTransport(tr), WithExpiry(hourRule), WithClock(clk.Now),
		AfterCapture(func(in *cassette.Interaction) error {
			captured.add(in.Request.Headers.Get("Authorization"))
			return nil
		}))
	assert.NilError(t, err)
	got := do(t, rec.Client(), newRequest(t, "GET", api+"/repos/1", nil, auth("tok-bbb222")))
	assert.Equal(t, string(got.Body), changedRepo)
	assert.NilError(t, rec.Close())
	assert.DeepEqual(t, captured.all(), []string{"Bearer tok-bbb222"})

	data, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), 1, "the refresh must replace the recording in place:\n%s", data)
	assert.Equal(t, c.Interactions[0].Request.Headers.Get("Authorization"), "Bearer REDACTED")
	assert.Equal(t, c.Interactions[0].RecordedAt, t0.Add(2*time.Hour))
	assert.Assert(t, !strings.Contains(string(data), "tok-"), "%s", data)
}

// TestRefreshBehind checks stale-while-revalidate under AsHTTPCache: a
// stale response within its window is served at once, and the refresh in
// the background replaces it for the next request.
func TestRefreshBehind(t *testing.T) {
	var mu sync.Mutex
	version := 0
	refreshed := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v := version
		version++
		mu.Unlock()
		w.Header().Set("Cache-Control", "max-age=1, stale-while-revalidate=60")
		fmt.Fprintf(w, "version %d", v)
		if v == 1 {
			refreshed <- struct{}{}
		}
	}))
	defer srv.Close()
	var clockMu sync.Mutex
	now := t0
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }
	rec, err := Open("c", AsHTTPCache(), WithFS(afero.NewMemMapFs()), WithClock(clock))
	assert.NilError(t, err)
	defer rec.Close()
	get := func() (string, ResponseInfo) {
		t.Helper()
		resp, err := rec.Client().Get(srv.URL)
		assert.NilError(t, err)
		b, _ := io.ReadAll(resp.Body)
		info, _ := Info(resp)
		return string(b), info
	}
	body, _ := get()
	assert.Equal(t, body, "version 0")
	clockMu.Lock()
	now = now.Add(10 * time.Second)
	clockMu.Unlock()
	body, info := get()
	assert.Equal(t, body, "version 0")
	assert.Assert(t, info.FromCassette && info.Stale, "the stale response is served at once")
	select {
	case <-refreshed:
	case <-time.After(10 * time.Second):
		t.Fatal("no background refresh reached the server")
	}
	// The server has answered; wait for the recorder to store it (asking
	// through the client would start more refreshes).
	stored := func() string {
		ins, _ := rec.eng.Interactions()
		return string(ins[0].Response.Body)
	}
	for i := 0; i < 1000 && stored() != "version 1"; i++ {
		time.Sleep(time.Millisecond)
	}
	body, info = get()
	assert.Equal(t, body, "version 1", "the background refresh replaced the stored response")
	assert.Assert(t, info.FromCassette && !info.Stale)
}
