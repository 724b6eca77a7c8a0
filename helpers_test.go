package recorder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tapedeck/recorder/internal/fixtureserver"
)

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
