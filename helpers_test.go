package recorder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spf13/afero"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/fixtureserver"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"
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

// apiServer starts the fixture API on loopback and returns a transport that
// routes fixtureserver.Host to it, and a counter of requests it served.
func apiServer(t testing.TB) (*httptest.Server, http.RoundTripper, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	h := fixtureserver.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	tr := fixtureserver.Transport(srv.Listener.Addr().String())
	t.Cleanup(tr.CloseIdleConnections)
	return srv, tr, &n
}

const api = "http://" + fixtureserver.Host

// offline is a real transport that must never be used.
type offline struct{ used atomic.Int64 }

func (o *offline) RoundTrip(req *http.Request) (*http.Response, error) {
	o.used.Add(1)
	return nil, fmt.Errorf("offline transport used for %s %s", req.Method, req.URL)
}

// snapshot is what a client can observe of a response.
type snapshot struct {
	Status        string
	StatusCode    int
	Proto         string
	Header        http.Header
	Body          []byte
	Trailer       http.Header
	ContentLength int64
}

func do(t testing.TB, c *http.Client, req *http.Request) snapshot {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", req.Method, req.URL, err)
	}
	if len(body) == 0 {
		body = nil
	}
	tr := resp.Trailer
	if len(tr) == 0 {
		tr = nil
	}
	return snapshot{resp.Status, resp.StatusCode, resp.Proto, resp.Header, body, tr, resp.ContentLength}
}
func get(t testing.TB, c *http.Client, url string) snapshot {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, req)
}
func newRequest(t testing.TB, method, url string, body []byte, header http.Header) *http.Request {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return req
}

// fakeT is a testing.TB that records what a Recorder reports, for tests of
// New's behaviour on failure. Methods a Recorder does not call panic through
// the nil embedded TB.
type fakeT struct {
	testing.TB
	name string

	mu       sync.Mutex
	errors   []string
	logs     []string
	fatal    string
	failed   bool
	cleanups []func()
}

func (f *fakeT) Helper()      {}
func (f *fakeT) Name() string { return f.name }
func (f *fakeT) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
	f.failed = true
}
func (f *fakeT) Error(args ...any) { f.Errorf("%s", fmt.Sprint(args...)) }
func (f *fakeT) Logf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatal(args ...any) {
	f.mu.Lock()
	f.fatal = fmt.Sprint(args...)
	f.failed = true
	f.mu.Unlock()
	panic(errFatal)
}
func (f *fakeT) Failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}
func (f *fakeT) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }

// finish runs the cleanups, last registered first, as testing does.
func (f *fakeT) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

var errFatal = errors.New("fakeT.Fatal")

// newFake runs New under a fakeT, turning its Fatal into a returned message.
func newFake(ft *fakeT, path string, opts ...Option) (r *Recorder, fatal string) {
	defer func() {
		if v := recover(); v != nil {
			if v != errFatal {
				panic(v)
			}
			fatal = ft.fatal
		}
	}()
	return New(ft, path, opts...), ""
}

// TestMain runs the package's tests in the same environment everywhere.
// Mode resolution reads TAPEDECK_MODE and CI from the process environment,
// so a developer's shell (TAPEDECK_MODE=replay) or a CI runner (CI=true)
// would otherwise change which mode a test that does not pass WithMode
// gets. The tests of that resolution inject their environment instead (see
// mode_test.go and TestAsCacheMode), and tests that need a variable set it
// with t.Setenv. The -update flag is left alone: it is how this package's
// own fixtures are refreshed.
func TestMain(m *testing.M) {
	for _, name := range []string{"TAPEDECK_MODE", "CI"} {
		os.Unsetenv(name)
	}
	os.Exit(m.Run())
}

// blockingCounter is a server whose responses are numbered in arrival
// order and held until n requests have arrived, so that the n round trips
// surely overlap in time, as in a concurrent test. The returned transport
// routes api to it.
func blockingCounter(t *testing.T, n int) http.RoundTripper {
	t.Helper()
	var mu sync.Mutex
	arrived := 0
	all := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrived++
		k := arrived
		if arrived == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
		case <-time.After(10 * time.Second):
			http.Error(w, fmt.Sprintf("only %d of %d requests arrived", k, n), http.StatusGatewayTimeout)
			return
		}
		w.Header()["Date"] = nil
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"n":%d}`, k)
	}))
	t.Cleanup(srv.Close)
	tr := fixtureserver.Transport(srv.Listener.Addr().String())
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// sendConcurrently sends n identical GETs to url from n goroutines and
// returns the response bodies, sorted.
func sendConcurrently(t *testing.T, c *http.Client, url string, n int) []string {
	t.Helper()
	bodies := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := c.Get(url)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Error(err)
			}
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	sort.Strings(bodies)
	return bodies
}

// counts is the wanted responses of n requests to blockingCounter, sorted.
func counts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(`{"n":%d}`, i+1)
	}
	sort.Strings(out)
	return out
}

// fetchInfo GETs url with "Accept: application/json" and returns the body,
// what Info says, and the error.
func fetchInfo(c *http.Client, url string) (string, ResponseInfo, bool, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return "", ResponseInfo{}, false, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return "", ResponseInfo{}, false, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	info, ok := Info(resp)
	return string(b), info, ok, err
}
func readGolden(t *testing.T, name string) string {
	t.Helper()
	return string(golden.Get(t, name))
}
