package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/internal/shell"
	"github.com/tapedeck/recorder/redact"
)

var serveCommand = &Command{
	UsageLine: "tapedeck serve [--addr HOST:PORT] [--upstream URL [--record]] [redaction flags] CASSETTE...",
	Short:     "answer HTTP requests from cassettes, for programs in any language",
	Long: `
serve is an HTTP server that answers from cassettes, so that a program in
any language can be developed and tested offline against a saved API: point
its base URL at serve instead of the real API.

A request matches a recording on its method, path, query and body (JSON
bodies compared as JSON); the host is ignored, since the program talks to
serve, so serve one API per server. With --upstream, request paths are
relative to the upstream URL (with --upstream https://api.example.com/v1,
GET /users matches a recording of https://api.example.com/v1/users).
Identical requests get the recordings in recorded order, each once, and the
last one again once all were used. Live requests are redacted before they
are compared, as a test's recorder redacts them: by the redaction flags and
the rules written into the cassettes (by tapedeck redact or import), so a
request that sends a real key matches the recording of it redacted. A body kept in a body file beside the
cassette (x.bodies/ next to x.yaml) is sent from the file as it is read,
and checked: a missing file gets 500 Internal Server Error, a damaged one
a response cut short. A CASSETTE may be a directory: every
cassette under it is served.

A request with no recording gets 404 Not Found with an X-Tapedeck: miss
header and a plain-text body that shows the closest recording and how the
request differs from it. With --record (which needs --upstream), it is sent
to the upstream API instead, its response is returned, and the interaction
is redacted, scanned for secrets and saved to the first CASSETTE (created if
missing) at once, atomically, as a recording in a test would be; one that
still holds a secret is returned but not saved.

Per-test routing: one serve can answer parallel test processes, in any
language, each from its own cassette. A request with the header
X-Tapedeck-Cassette: fixtures/x is answered from fixtures/x.yaml (relative
to the directory serve runs in; it must be a CASSETTE or under a CASSETTE
directory), and the requests with the same X-Tapedeck-Session header value
get that cassette's recordings in recorded order, whatever other sessions
ask; with --record, its misses are saved into it (created if missing). A
client that cannot set headers uses the path prefix
/_tapedeck/fixtures/x/-/ instead. In Go, recorder.ServeClient returns an
http.Client that does both. Requests without either are answered from the
CASSETTE arguments, as before.

serve logs one line per request to stderr: hit, miss or recorded. It
listens on loopback only by default; Ctrl-C stops it.

Example:

	$ tapedeck serve --addr 127.0.0.1:8080 fixtures
	$ curl -i http://127.0.0.1:8080/repos/1
	$ tapedeck serve --record --upstream https://api.example.com fixtures/api.yaml
	$ curl -H 'X-Tapedeck-Cassette: fixtures/users' -H 'X-Tapedeck-Session: test-1' http://127.0.0.1:8080/users/1
`,
	Run: runServe,
}

// The flags of serve.
var (
	serveAddr      string
	serveUpstream  string
	serveRecord    bool
	serveRedaction redactFlags
)

func init() {
	serveCommand.Flag.StringVar(&serveAddr, "addr", "127.0.0.1:8080", "the `address` to listen on; a port of 0 picks a free one")
	serveCommand.Flag.StringVar(&serveUpstream, "upstream", "", "the real API's base `URL`, where --record sends requests with no recording")
	serveCommand.Flag.BoolVar(&serveRecord, "record", false, "send requests with no recording to --upstream and save what they get")
	serveRedaction.register(&serveCommand.Flag)
}

func runServe(e *env, args []string) int {
	if len(args) == 0 {
		return usageError(e, "name the cassette(s) to serve")
	}
	s := &server{log: log.New(e.stderr, "", log.LstdFlags), record: serveRecord}
	if serveUpstream != "" {
		u, err := url.Parse(serveUpstream)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError(e, "--upstream %q: want an http or https URL such as https://api.example.com", serveUpstream)
		}
		s.upstream = u
	}
	if serveRecord && s.upstream == nil {
		return usageError(e, "--record sends requests with no recording to the real API: name it with --upstream URL")
	}
	var err error
	if s.redaction, err = serveRedaction.options(); err != nil {
		return usageError(e, "%v", err)
	}
	if _, err := redact.New(s.redaction...); err != nil {
		return usageError(e, "%v", err)
	}
	if err := s.load(args); err != nil {
		fmt.Fprintf(e.stderr, "tapedeck serve: %v\n", err)
		return exitProblems
	}
	return s.serve(e, serveAddr)
}

// server is the state of tapedeck serve.
type server struct {
	log       *log.Logger
	upstream  *url.URL
	record    bool
	redaction []redact.Option // from the flags; each deck adds its cassettes' rules
	transport http.RoundTripper

	roots []string // the CASSETTE arguments, which routes may name

	mu     sync.Mutex
	deck   *deck
	target *served // where --record saves
	files  map[string]*served
	routes map[string]route // by cassette path and session
}

// load reads the cassettes; with --record, the first argument is the
// cassette to record into, and may not exist yet.
func (s *server) load(args []string) error {
	var all []*served
	s.transport = http.DefaultTransport
	s.roots = args
	s.files = map[string]*served{}
	if s.record {
		first := args[0]
		if fi, err := disk.Stat(first); err == nil && fi.IsDir() {
			return fmt.Errorf("%s is a directory: with --record, name the cassette file to record into first", first)
		}
		c, err := cassette.Load(disk, first)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			c = &cassette.Cassette{Version: cassette.Version,
				Comment: "tapedeck cassette; recorded by tapedeck serve --record --upstream " + s.upstream.String()}
		case err != nil:
			_, err = load(first)
			return err
		}
		s.target = &served{path: first, c: c}
		s.files[filepath.Clean(first)] = s.target
		all = append(all, s.target)
		args = args[1:]
	}
	files, err := findCassettes(args)
	if err != nil {
		return err
	}
	for _, f := range files {
		if s.target != nil && f.path == s.target.path {
			continue
		}
		c, err := load(f.path)
		if err != nil {
			return err
		}
		sf := &served{path: f.path, c: c}
		s.files[filepath.Clean(f.path)] = sf
		all = append(all, sf)
	}
	if len(all) == 0 {
		return fmt.Errorf("no cassettes under %s: name cassette files or directories that hold some", strings.Join(args, " "))
	}
	s.deck, err = s.newDeck(all...)
	return err
}

// newDeck returns the deck of files. Its redaction is that of the flags
// and the rules written into each of the cassettes (tapedeck redact,
// import), as a test's recorder redacts: live requests are redacted as
// the recordings were, and still match them. A deck of several cassettes
// applies the rules of every one to each request.
func (s *server) newDeck(files ...*served) (*deck, error) {
	opts := slices.Clip(s.redaction)
	for _, f := range files {
		rules, err := recorder.RedactionOptions(f.c.Redact)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.path, err)
		}
		opts = append(opts, rules...)
	}
	red, err := redact.New(opts...)
	if err != nil {
		return nil, err
	}
	d := newDeck(red)
	for _, f := range files {
		d.add(f)
	}
	return d, nil
}

func (s *server) serve(e *env, addr string) int {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck serve: %v\n", err)
		return exitProblems
	}
	if host, _, err := net.SplitHostPort(addr); err == nil {
		if ip := net.ParseIP(host); host == "" || ip != nil && !ip.IsLoopback() {
			s.log.Printf("warning: listening on %s, beyond loopback: anyone who can reach this machine can read these cassettes", l.Addr())
		}
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	mode := "misses get 404 with the closest recording"
	if s.record {
		mode = "misses are recorded from " + s.upstream.String() + " into " + s.target.path
	}
	s.log.Printf("tapedeck serve: %s from %s on http://%s (%s); Ctrl-C stops",
		plural(s.deck.eng.Len(), "interaction"), plural(len(s.deck.cassettes), "cassette"), l.Addr(), mode)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		fmt.Fprintf(e.stderr, "tapedeck serve: %v\n", err)
		return exitProblems
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	s.log.Printf("tapedeck serve: stopped")
	return exitOK
}

// ServeHTTP answers one request from the deck, or records it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<20))
	if err != nil {
		http.Error(w, "tapedeck serve: reading the request body: "+err.Error(), http.StatusBadRequest)
		s.log.Printf("error     %s %s: reading the body: %v", r.Method, r.URL.RequestURI(), err)
		return
	}
	if len(body) == 0 {
		body = nil
	}
	rt, err := s.route(r)
	if err != nil {
		s.routeError(w, r, err)
		return
	}
	live := &cassette.Request{Method: r.Method, URL: s.originURL(r), Headers: r.Header, Body: body}
	hit, _ := rt.deck.lookup(live)
	shown := rt.deck.red.Request(*live) // what the log and a report may show
	var miss *recorder.MissError
	if hit.Interaction == nil && (!s.record || rt.target == nil) {
		miss = rt.deck.miss(&shown, s.recordCommand())
	}

	switch {
	case hit.Interaction != nil:
		in := hit.Interaction
		c := rt.deck.cassettes[hit.Source]
		n := rt.deck.index(engine.Candidate{ID: hit.ID, Source: hit.Source, Interaction: in}) + 1
		if err := respond(w, r.Method, c.path, &in.Response); err != nil {
			code := in.Response.Code
			if !errors.Is(err, errBodyCut) {
				code = http.StatusInternalServerError
			}
			s.log.Printf("error     %s %s -> %d from %s (#%d): %v", r.Method, shown.URL, code, where(c.path, in.Line), n, err)
			if errors.Is(err, errBodyCut) {
				panic(http.ErrAbortHandler)
			}
			return
		}
		note := ""
		if hit.Repeated {
			note = ", again: all its recordings were used"
		}
		s.log.Printf("hit       %s %s -> %d from %s (#%d%s)", r.Method, shown.URL, in.Response.Code,
			where(c.path, in.Line), n, note)
	case miss != nil:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Tapedeck", "miss")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, miss.Error()+"\n")
		closest := "the cassettes are empty"
		if len(miss.Closest) > 0 {
			c := miss.Closest[0]
			closest = fmt.Sprintf("closest %s (#%d)", where(miss.Cassette, c.Interaction.Line), c.Index+1)
		}
		s.log.Printf("miss      %s %s -> 404; %s", r.Method, miss.Request.URL, closest)
	default:
		s.recordRequest(w, r, body, rt)
	}
}

// originURL is the live request's URL in origin form, under the
// upstream's path when there is one.
func (s *server) originURL(r *http.Request) string {
	p := r.URL.EscapedPath()
	if s.upstream != nil {
		p = strings.TrimSuffix(s.upstream.EscapedPath(), "/") + p
	}
	if r.URL.RawQuery != "" || r.URL.ForceQuery {
		p += "?" + r.URL.RawQuery
	}
	return p
}

// recordCommand is how to record what is missing, for a miss report.
func (s *server) recordCommand() string {
	upstream := "URL-OF-THE-REAL-API"
	if s.upstream != nil {
		upstream = s.upstream.String()
	}
	paths := make([]string, len(s.deck.cassettes))
	for i, c := range s.deck.cassettes {
		paths[i] = shell.Quote(c.path)
	}
	return fmt.Sprintf("tapedeck serve --record --upstream %s %s",
		shell.Quote(upstream), strings.Join(paths, " "))
}
