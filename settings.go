package recorder

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
	"github.com/tapedeck/recorder/store"
)

// settings are what a Recorder runs with: the options, the environment and
// the test, resolved once by resolve when it opens, and never changed after
// (network, which needs to know whether the cassette file exists, is set by
// open before the Recorder is shared). Presets such as AsCache are only
// ordinary settings here: nothing on the request path asks which preset
// made them.
type settings struct {
	path       string // the cassette file, with its .yaml
	mode       Mode
	modeSource string // where the mode came from, for messages
	network    bool   // a request with no (fresh) recording may go out
	tb         testing.TB

	transport http.RoundTripper
	fs        afero.Fs
	matcher   match.Matcher
	now       func() time.Time
	unused    Unused

	// reuse is whether a recording answers more than one request:
	// engine.Always under AsCache, engine.Last with WithRepeats in a mode
	// without the network, else engine.Once.
	reuse   engine.Reuse
	store   store.Store // WithStore: the recordings are there, not in the file
	repeats bool        // WithRepeats, for the miss report's hint

	// Expiration: policy is nil when nothing expires, and then expiry is
	// never consulted.
	policy   *expiry.Policy
	strategy StaleStrategy
	logf     func(format string, args ...any)

	// The store filter: the request methods and response statuses that are
	// recorded and replayed; nil means all.
	methods  []string
	statuses []int

	red      *redact.Redactor
	restores bool // red has Secret filters to restore on replay

	// HTTP caching, as RFC 9111 asks of a private cache (AsHTTPCache sets
	// them all; each is off otherwise, so fixtures pay for none).
	invalidates bool // a successful unsafe request takes the stored responses of its URL out (§4.4)
	ages        bool // a replayed response carries an Age header (§5.1)
	hopByHop    bool // Connection-listed and hop-by-hop headers are not stored (§3.1)
	mergeAll    bool // a 304 updates every stored header it carries (§4.3.4), not only the freshness ones
	answers304  bool // a fresh stored response answers a conditional request the client sent with 304 (§4.3.2)
	behind      bool // a stale response within stale-while-revalidate is served while it is refreshed in the background (RFC 5861)

	hookConfig
	routeConfig
	latencyConfig
	verifyConfig
	bodyConfig

	// Messages.
	fix        string // how to record a missing request
	refreshFix string // how to refresh a stale recording
	rerecord   string // how to re-record the cassette (under New)
}

// config is what the options write to; resolve turns it into settings.
type config struct {
	mode      Mode
	transport http.RoundTripper
	fs        afero.Fs
	matcher   match.Matcher
	now       func() time.Time
	repeats   bool   // WithRepeats
	unused    Unused // WithUnused

	expiry *expiry.Policy                   // WithExpiry; nil: nothing expires
	stale  StaleStrategy                    // OnStale; 0: the preset's or StaleWarn
	logf   func(format string, args ...any) // WithLogger; nil: t.Logf under New, log.Printf under Open
	cache  *cacheConfig                     // AsCache
	store  store.Store                      // WithStore

	redactConfig
	hookConfig
	routeConfig
	latencyConfig
	verifyConfig
	bodyConfig
}

// defaultMatcher is match.Default(), made once: a matcher holds no state.
var defaultMatcher = match.Default()

// resolve applies opts and reads the environment, for the cassette at path
// (".yaml" is added unless it ends in .yaml or .yml), under the test tb (nil
// under Open).
func resolve(path string, tb testing.TB, opts []Option, env environment) (*settings, error) {
	cfg := config{transport: http.DefaultTransport, fs: afero.NewOsFs(), matcher: defaultMatcher, now: time.Now}
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
	s := &settings{
		path:          path,
		tb:            tb,
		transport:     cfg.transport,
		fs:            cfg.fs,
		matcher:       cfg.matcher,
		now:           cfg.now,
		unused:        cfg.unused,
		repeats:       cfg.repeats,
		policy:        cfg.expiry,
		strategy:      cfg.stale,
		logf:          cfg.logf,
		hookConfig:    cfg.hookConfig,
		routeConfig:   cfg.routeConfig,
		latencyConfig: cfg.latencyConfig,
		verifyConfig:  cfg.verifyConfig,
		bodyConfig:    cfg.bodyConfig,
	}
	if !s.bodyFilesSet {
		s.bodyFiles = DefaultBodyFileThreshold
	}
	var err error
	if s.mode, s.modeSource, err = resolveMode(cfg.mode, env); err != nil {
		return nil, fmt.Errorf("tapedeck: %s: %w", path, err)
	}
	if s.red, err = redact.New(cfg.redaction...); err != nil {
		return nil, fmt.Errorf("tapedeck: %s: WithRedaction: %w", path, err)
	}
	s.restores = s.red.Restores()
	if cfg.cache != nil {
		cfg.cache.apply(s, cfg.mode, env)
	}
	if cfg.store != nil {
		if s.reuse != engine.Always {
			cfg.store.Close()
			return nil, fmt.Errorf("tapedeck: %s: WithStore is for a cache: add recorder.AsCache() or recorder.AsHTTPCache(); test fixtures stay in the cassette file, where they are reviewed", path)
		}
		s.store = cfg.store
	}
	if s.strategy == 0 {
		s.strategy = StaleWarn
	}
	switch {
	case s.logf != nil:
	case tb != nil:
		s.logf = tb.Logf
	default:
		s.logf = log.Printf
	}
	if tb != nil {
		dir := packageDir()
		s.fix = testCommand(tb.Name(), dir)
		s.refreshFix = s.fix
		s.rerecord = goTest(tb.Name(), "-update=all", dir)
	} else {
		s.fix = "TAPEDECK_MODE=record <your program>, or open the recorder with recorder.WithMode(recorder.ModeRecordMissing)"
		s.refreshFix = "TAPEDECK_MODE=update <your program>, or open the recorder with recorder.WithMode(recorder.ModeUpdate)"
	}
	return s, nil
}

// settle sets what depends on whether the cassette file existed when the
// recorder opened: whether requests may go to the network, and so whether
// WithRepeats applies.
func (s *settings) settle(existed bool) {
	s.network = s.mode.network(existed)
	if s.reuse == engine.Once && s.repeats && !s.network {
		s.reuse = engine.Last
	}
}

// claims reports whether a passthrough rule claims req.
func (s *settings) claims(req *http.Request) bool {
	for _, pass := range s.passthrough {
		if pass(req) {
			return true
		}
	}
	return false
}

// storable reports whether req may be replayed and recorded at all: the
// expiry policy (do-not-record rules, Cache-Control: no-store) and the store
// filter allow it. It reads no body.
func (s *settings) storable(req *http.Request) bool {
	if s.methods != nil && !slices.Contains(s.methods, methodOf(req)) {
		return false
	}
	return s.policy == nil || s.policy.Store(req, nil)
}

// keeps reports whether a response received for req may be written.
func (s *settings) keeps(req *http.Request, resp *cassette.Response) bool {
	if s.statuses != nil && !slices.Contains(s.statuses, resp.Code) {
		return false
	}
	return s.policy == nil || s.policy.Store(req, resp)
}

// whyNotStored names the setting that keeps req out of the cassette.
func (s *settings) whyNotStored(req *http.Request) string {
	if s.methods != nil && !slices.Contains(s.methods, methodOf(req)) {
		return fmt.Sprintf("the cache stores only %v", s.methods)
	}
	in := &cassette.Interaction{Request: cassette.Request{Method: methodOf(req), URL: req.URL.String()}}
	return s.policy.Check(req, in, s.now()).String()
}

func methodOf(req *http.Request) string {
	if req.Method == "" {
		return http.MethodGet
	}
	return req.Method
}
