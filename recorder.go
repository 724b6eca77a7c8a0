package recorder

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

// A Recorder is an http.RoundTripper that records HTTP interactions into a
// cassette file and replays them, as its Mode says. It is safe for
// concurrent use by many goroutines.
type Recorder struct {
	cfg        config
	path       string // the cassette file, with its .yaml
	mode       Mode
	modeSource string // where the mode came from, for messages
	network    bool   // whether a request with no recording may go out
	tb         testing.TB
	fix        string // how to record a missing request, for messages
	rerecord   string // how to re-record the cassette (under New), for messages
	keyer      match.Keyer
	seed       maphash.Seed // of the index hash (Recorder.Seed is the cassette's)
	red        *redact.Redactor
	restores   bool // red has Secret filters to restore on replay

	// Expiration (expiry.go): policy is nil when nothing expires.
	policy     *expiry.Policy
	stale      StaleStrategy
	logf       func(format string, args ...any)
	refreshFix string // how to refresh a stale recording, for messages
	repeat     bool   // a recording answers every matching request (AsCache)

	closeMu sync.Mutex // held by Close while it saves, outside mu

	mu       sync.Mutex
	cas      *cassette.Cassette
	used     []bool // used[i]: cas.Interactions[i] has been replayed or recorded by this run
	index    map[uint64]*bucket
	recorded int     // interactions recorded by this run
	pending  pending // round trips being recorded, see order.go
	dirty    bool    // something to save
	closed   bool
	closeErr error
}

// bucket holds the interactions (by position) whose requests have one key,
// in recorded order. Entries before next are all used.
type bucket struct {
	ids  []int
	next int
}

// New returns a Recorder for a test, with the cassette at path (".yaml" is
// added unless path ends in .yaml or .yml), relative to the test's package
// directory. The mode comes from WithMode, TAPEDECK_MODE, go test -update or
// the CI variable (see Mode). The cassette is saved when the test and its
// subtests finish, unless the test failed; problems are reported through t.
//
// A request with no recording, in a mode that may not record it, fails the
// test with a report of the closest recording and the command that records
// the request, and RoundTrip returns a *MissError.
func New(t testing.TB, path string, opts ...Option) *Recorder {
	t.Helper()
	r, err := open(path, t, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			if n := r.discard(); n > 0 {
				t.Logf("tapedeck: the test failed, so %d new interaction(s) were not saved to %s; they are recorded again when it passes", n, r.path)
			}
			return
		}
		if err := r.Close(); err != nil {
			t.Error(err)
			return
		}
		r.reportUnused(t)
	})
	return r
}

// Open returns a Recorder for use outside tests (offline development,
// tools). The caller must call Close, which saves the cassette. The mode
// comes from WithMode, TAPEDECK_MODE or the CI variable (see Mode).
func Open(path string, opts ...Option) (*Recorder, error) {
	return open(path, nil, opts)
}

func open(path string, tb testing.TB, opts []Option) (*Recorder, error) {
	cfg := defaultConfig()
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("tapedeck: %s: %w", path, err)
		}
	}
	if path == "" {
		return nil, errors.New("tapedeck: empty cassette path: name a file such as \"fixtures/github\"")
	}
	if !strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml") {
		path += ".yaml"
	}
	mode, source, err := resolveModeFor(&cfg, osEnvironment)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: %s: %w", path, err)
	}
	red, err := newRedactor(&cfg)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: %s: %w", path, err)
	}
	r := &Recorder{
		cfg:        cfg,
		path:       path,
		mode:       mode,
		modeSource: source,
		tb:         tb,
		seed:       maphash.MakeSeed(),
		index:      make(map[uint64]*bucket),
		red:        red,
		restores:   red.Restores(),
	}
	r.keyer, _ = cfg.matcher.(match.Keyer)
	if tb != nil {
		dir := packageDir()
		r.fix = testCommand(tb.Name(), dir)
		r.rerecord = goTest(tb.Name(), "-update=all", dir)
	} else {
		r.fix = "TAPEDECK_MODE=record <your program>, or open the recorder with recorder.WithMode(recorder.ModeRecordMissing)"
	}
	r.setupExpiry()

	existed := true
	switch mode {
	case ModePassthrough, ModeRerecord:
		// The file is not read: it is left alone, or replaced.
		r.cas = &cassette.Cassette{Version: cassette.Version}
	default:
		c, err := cassette.Load(cfg.fs, path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			existed = false
			if mode == ModeReplay {
				return nil, fmt.Errorf("tapedeck: %s does not exist, and mode replay (from %s) never records: to record it, run: %s; then commit it (%w)",
					path, source, r.fix, err)
			}
			c = &cassette.Cassette{Version: cassette.Version}
		case err != nil:
			return nil, fmt.Errorf("tapedeck: %w", err)
		}
		r.cas = c
	}
	if tb != nil {
		r.cas.Comment = "tapedeck cassette; refresh with: " + r.fix
	}
	r.network = mode.network(existed)
	r.used = make([]bool, len(r.cas.Interactions))
	r.redactLoaded()
	for i, in := range r.cas.Interactions {
		r.indexAdd(i, &in.Request)
	}
	return r, nil
}

// Mode returns the mode the Recorder runs in.
func (r *Recorder) Mode() Mode { return r.mode }

// Client returns an *http.Client that sends its requests through r.
func (r *Recorder) Client() *http.Client { return &http.Client{Transport: r} }

// RoundTrip replays the recorded response to req, or sends req to the real
// transport and records the response, as the mode and the expiry policy
// say. A request that can be neither replayed nor recorded gets a
// *MissError (errors.Is(err, ErrNoMatch)); a stale recording under
// StaleFail and Open gets a *StaleError (errors.Is(err, ErrStale)).
//
// A request that a passthrough rule (WithPassthrough, IgnoreHosts) claims
// goes to the real transport, in every mode. Every other live request is
// matched as redaction leaves it (see WithRedaction), so a recording made
// with another token matches it.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(r.cfg.passthrough) > 0 && r.passesThrough(req) {
		return r.bypass(req)
	}
	body, err := readBody(req)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: reading the body of %s %s: %w", req.Method, req.URL, err)
	}
	live := cassette.Request{Method: req.Method, URL: req.URL.String(), Headers: req.Header, Body: body}
	if live.Method == "" {
		live.Method = http.MethodGet
	}
	if r.mode == ModePassthrough {
		return r.cfg.transport.RoundTrip(outgoing(req, body))
	}
	if r.policy != nil && !r.storable(req, &live) {
		return r.passThrough(req, &live)
	}
	if r.mode == ModeRerecord {
		return r.record(req, &live)
	}
	id, in, m, err := r.find(&live)
	if err != nil {
		return nil, err
	}
	if in != nil {
		if r.policy != nil {
			return r.replayChecked(req, &live, id, in)
		}
		return r.replayed(in, req, ResponseInfo{FromCassette: true, RecordedAt: in.RecordedAt}, true)
	}
	if !r.network {
		return nil, r.miss(m)
	}
	return r.record(req, &live)
}

// replay finds the first unused recording that matches live, marks it
// used, and returns it with its position. It returns nil when there is
// none.
func (r *Recorder) replay(live *cassette.Request) (int, *cassette.Interaction, error) {
	k := r.key(live)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, nil, r.closedError(live)
	}
	b := r.index[k]
	if b == nil {
		return 0, nil, nil
	}
	if r.repeat {
		return r.replayRepeat(live, b)
	}
	for b.next < len(b.ids) && r.used[b.ids[b.next]] {
		b.next++
	}
	for _, id := range b.ids[b.next:] {
		if r.used[id] {
			continue
		}
		if r.cfg.matcher.Match(live, &r.cas.Interactions[id].Request) == nil {
			r.used[id] = true
			return id, r.cas.Interactions[id], nil
		}
	}
	if r.cfg.repeats && !r.network {
		return r.lastMatch(b, live)
	}
	return 0, nil, nil
}

// record sends req to the real transport and adds what it got to the
// cassette (see endRecording for the order), after the AfterCapture hooks
// and redaction (see capture), unless the expiry policy or the cache preset
// keeps that response out. The client gets the response as it came.
// Transport errors are returned and nothing is recorded.
func (r *Recorder) record(req *http.Request, live *cassette.Request) (*http.Response, error) {
	r.beginRecording()
	in, tlsState, err := r.fetch(req, live, nil)
	if err != nil {
		r.endRecording(nil)
		return nil, err
	}
	var info ResponseInfo // zero: the response was passed on, not recorded
	if r.keep(req, &in.Response) {
		stored, err := r.capture(in)
		if err != nil {
			r.endRecording(nil)
			return nil, err
		}
		if !r.endRecording(stored) {
			return nil, r.closedError(live)
		}
		info = r.recordedInfo(req, stored)
	} else {
		r.endRecording(nil)
	}
	out := response(in, req, info)
	out.TLS = tlsState
	return out, nil
}

// Close saves the cassette if this run recorded anything, and reports a
// failure to save. Before saving it runs the BeforeSave hooks and scans the
// cassette for credentials: a finding is a *SecretError and nothing is
// written. It is idempotent: later calls return the first result.
// RoundTrip fails after Close.
func (r *Recorder) Close() error {
	r.closeMu.Lock()
	defer r.closeMu.Unlock()
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return r.closeErr
	}
	r.closed = true
	r.flushGroup()
	dirty := r.dirty
	r.mu.Unlock()
	// Once closed, nothing changes r.cas: save may read it without mu.
	if dirty {
		r.closeErr = r.save()
	}
	return r.closeErr
}

// discard closes r without saving and returns how many interactions this run
// recorded.
func (r *Recorder) discard() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0
	}
	r.closed = true
	return r.recorded
}

func (r *Recorder) closedError(live *cassette.Request) error {
	return fmt.Errorf("tapedeck: %s %s: the recorder for %s is closed (the test ended or Close was called)", live.Method, live.URL, r.path)
}

// key hashes what the matcher keys on; without a Keyer every request has
// key 0 and replay compares with each recording.
func (r *Recorder) key(req *cassette.Request) uint64 {
	if r.keyer == nil {
		return 0
	}
	h := hashPool.Get().(*maphash.Hash)
	h.SetSeed(r.seed)
	r.keyer.Key(req, h)
	k := h.Sum64()
	hashPool.Put(h)
	return k
}

var hashPool = sync.Pool{New: func() any { return new(maphash.Hash) }}

// indexAdd files interaction id under its request's key. r.mu must be held
// (or r not yet shared).
func (r *Recorder) indexAdd(id int, req *cassette.Request) {
	k := r.key(req)
	b := r.index[k]
	if b == nil {
		b = &bucket{}
		r.index[k] = b
	}
	b.ids = append(b.ids, id)
}

// readBody reads and closes req.Body, as a RoundTripper must.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(req.Body)
	if len(b) == 0 {
		b = nil
	}
	return b, err
}

// outgoing is req with its body (already read) ready to be sent again. A
// RoundTripper must not change the request it was given, so it is a copy.
func outgoing(req *http.Request, body []byte) *http.Request {
	out := req.Clone(req.Context())
	if body == nil {
		out.Body = nil
		if req.Body != nil {
			out.Body = http.NoBody
		}
		return out
	}
	out.ContentLength = int64(len(body))
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return out
}

// roundDuration keeps durations readable in the file: milliseconds above one
// millisecond, microseconds below.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Microsecond)
}
