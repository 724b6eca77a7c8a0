package recorder

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/fixtureserver"
)

// t0 is when the expiry tests record their cassettes.
var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// clock is a settable clock for WithClock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *clock { return &clock{now: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// upstream is the fixture API with switches for the expiry tests: it lists
// the requests it serves with the If-None-Match each one carried, can change
// /repos/1 (new body and ETag), and can fail every request with a 500.
type upstream struct {
	changed atomic.Bool
	fail    atomic.Bool

	mu          sync.Mutex
	ifNoneMatch []string // "METHOD path If-None-Match" of each request
}

const changedRepo = `{"id":1,"name":"tapedeck","stars":43,"topics":["http","testing"]}`

// newUpstream starts the API on loopback and returns it with a transport
// that routes fixtureserver.Host to it.
func newUpstream(t testing.TB) (*upstream, http.RoundTripper) {
	t.Helper()
	u := &upstream{}
	api := fixtureserver.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.ifNoneMatch = append(u.ifNoneMatch, fmt.Sprintf("%s %s %s", r.Method, r.URL.RequestURI(), r.Header.Get("If-None-Match")))
		u.mu.Unlock()
		switch {
		case u.fail.Load():
			w.Header()["Date"] = nil
			http.Error(w, "upstream is down", http.StatusInternalServerError)
		case u.changed.Load() && r.Method == http.MethodGet && r.URL.Path == "/repos/1":
			w.Header()["Date"] = nil
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Etag", `"v1-changed"`)
			if r.Header.Get("If-None-Match") == `"v1-changed"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			io.WriteString(w, changedRepo)
		default:
			api.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	tr := fixtureserver.Transport(srv.Listener.Addr().String())
	t.Cleanup(tr.CloseIdleConnections)
	return u, tr
}

// requests returns the requests the server served since the last call,
// as "METHOD path If-None-Match", and forgets them.
func (u *upstream) requests() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	out := u.ifNoneMatch
	u.ifNoneMatch = nil
	return out
}

// hourRule makes every recording of the fixture API stale after an hour,
// except /repos/2, which never expires.
var hourRule = expiry.Policy{Rules: []expiry.Rule{
	{Pattern: fixtureserver.Host + "/repos/2", Expire: expiry.Never},
	{Pattern: fixtureserver.Host + "/**", Expire: expiry.After(time.Hour)},
}}

// seedPaths are the GETs the seeded cassette holds, in order.
var seedPaths = []string{"/repos/1", "/repos/2", "/hello"}

// seed records seedPaths at t0 into c.yaml on a new in-memory filesystem
// and returns it with the file's bytes.
func seed(t *testing.T, tr http.RoundTripper) (afero.Fs, []byte) {
	t.Helper()
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr),
		WithExpiry(hourRule), WithClock(newClock(t0).Now))
	assert.NilError(t, err)
	for _, p := range seedPaths {
		getJSON(t, rec.Client(), api+p)
	}
	assert.NilError(t, rec.Close())
	data, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	return fsys, data
}

// getJSON is get with "Accept: application/json", returning the response
// body and what Info says about the response.
func getJSON(t testing.TB, c *http.Client, url string) (string, ResponseInfo) {
	t.Helper()
	req := newRequest(t, "GET", url, nil, http.Header{"Accept": {"application/json"}})
	resp, err := c.Do(req)
	assert.NilError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	info, ok := Info(resp)
	assert.Assert(t, ok, "Info(%s) found nothing", url)
	return string(b), info
}

// changedLines compares two files line by line. They must have the same
// number of lines; it returns each line that differs as "-old +new".
func changedLines(t *testing.T, before, after []byte) []string {
	t.Helper()
	a := strings.Split(string(before), "\n")
	b := strings.Split(string(after), "\n")
	assert.Equal(t, len(a), len(b), "the files have different numbers of lines:\n--- before\n%s\n--- after\n%s", before, after)
	var out []string
	for i := range a {
		if a[i] != b[i] {
			out = append(out, fmt.Sprintf("%d: -%s +%s", i+1, strings.TrimSpace(a[i]), strings.TrimSpace(b[i])))
		}
	}
	return out
}

// logs collects what a Recorder logs through WithLogger.
type logs struct {
	mu    sync.Mutex
	lines []string
}

func (l *logs) Logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *logs) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}
