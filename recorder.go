package recorder

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"sync"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
)

// A Recorder is an http.RoundTripper that records HTTP interactions into a
// cassette file and replays them, as its Mode says. It is safe for
// concurrent use by many goroutines.
type Recorder struct {
	set *settings // resolved once at open, read-only after
	eng backend   // the recordings: the cassette's in memory, or a store's

	// The cassette's own fields (version, comment, seed): meta.Interactions
	// is unused, the engine holds them.
	metaMu    sync.Mutex
	meta      cassette.Cassette
	seedDirty bool // a new seed is to be saved

	closeMu  sync.Mutex // held by Close while it saves
	closed   bool
	closeErr error

	// The response bodies being recorded as the client reads them.
	teesMu     sync.Mutex
	tees       map[*tee]bool
	teesClosed bool
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
				t.Logf("tapedeck: the test failed, so %d new interaction(s) were not saved to %s; they are recorded again when it passes", n, r.set.path)
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
	s, err := resolve(path, tb, opts, osEnvironment)
	if err != nil {
		return nil, err
	}
	if s.store != nil {
		// The store is the cassette: nothing is read from or written to
		// the file.
		s.settle(true)
		o := engine.Options{Matcher: s.matcher, Redactor: s.red}
		return &Recorder{set: s, eng: engine.NewDurable(s.store, o), meta: cassette.Cassette{Version: cassette.Version}}, nil
	}
	c, existed, err := s.load()
	if err == nil {
		err = s.applyCassetteRules(c, opts)
	}
	if err != nil {
		return nil, err
	}
	s.settle(existed)
	if tb != nil {
		c.Comment = "tapedeck cassette; refresh with: " + s.fix
	}
	eng := engine.New(engine.Options{Matcher: s.matcher, Redactor: s.red, Reuse: s.reuse})
	eng.Load(c.Interactions, 0)
	r := &Recorder{set: s, eng: eng, meta: *c}
	r.meta.Interactions = nil
	return r, nil
}

// load reads the cassette, and reports whether its file existed. Modes that
// replay nothing do not read its recordings: it is left alone, or replaced
// (keeping its redaction rules).
func (s *settings) load() (*cassette.Cassette, bool, error) {
	switch s.mode {
	case ModePassthrough:
		return &cassette.Cassette{Version: cassette.Version}, true, nil
	case ModeRerecord:
		// The recordings are replaced, but the redaction rules the
		// cassette asks for (tapedeck redact, import) apply to the new
		// ones too: without them a re-recording could write what they
		// redacted.
		c := &cassette.Cassette{Version: cassette.Version}
		if old, err := cassette.Load(s.fs, s.path); err == nil {
			c.Redact = old.Redact
		}
		return c, true, nil
	}
	c, err := cassette.Load(s.fs, s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if s.mode == ModeReplay {
			return nil, false, fmt.Errorf("tapedeck: %s does not exist, and mode replay (from %s) never records: to record it, run: %s; then commit it (%w)",
				s.path, s.modeSource, s.fix, err)
		}
		return &cassette.Cassette{Version: cassette.Version}, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("tapedeck: %w", err)
	}
	return c, true, nil
}

// Mode returns the mode the Recorder runs in.
func (r *Recorder) Mode() Mode { return r.set.mode }

// Client returns an *http.Client that sends its requests through r.
func (r *Recorder) Client() *http.Client { return &http.Client{Transport: r} }

// RoundTrip replays the recorded response to req, or sends req to the real
// transport and records the response, as the mode and the expiry policy
// say. A request that can be neither replayed nor recorded gets a
// *MissError (errors.Is(err, ErrNoMatch)); a stale recording under
// StaleFail and Open gets a *StaleError (errors.Is(err, ErrStale)).
//
// A request that a passthrough rule (WithPassthrough, IgnoreHosts) claims
// goes to the real transport, in every mode, its body streamed. Every other
// live request is matched as redaction leaves it (see WithRedaction), so a
// recording made with another token matches it.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	d := r.decide(req)
	var o outcome
	switch d.action {
	case actClosed:
		o = r.closedOutcome(req)
	case actPass:
		o = r.pass(req)
	case actRefuse:
		o = r.refused(req)
	case actFail:
		o.err = d.err
	case actReplay:
		o = r.replay(req, d.hit, r.replayInfo(d, false), true)
	case actNotModified:
		o = r.notModified(req, d)
	case actReplayStale, actStaleFail:
		o = r.replay(req, d.hit, r.replayInfo(d, true), true)
		o.note, o.fail = r.staleReport(d)
	case actStaleError:
		_, o.err = r.staleReport(d)
	case actRefresh:
		o = r.refresh(req, d)
	case actRefreshBehind:
		o = r.refreshBehind(req, d)
	case actRecord:
		o = r.record(req, d.live)
	case actMiss:
		o.err = r.missError(d.shown)
		o.fail = o.err
	}
	return r.report(o)
}
