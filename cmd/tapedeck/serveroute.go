package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

// Per-test routing: a request names the cassette that answers it, so that
// one serve answers parallel test processes, each from its own cassette
// with its own sequence of recordings.
const (
	// cassetteHeader names the cassette, as a path relative to the
	// directory serve runs in (".yaml" may be left out).
	cassetteHeader = recorder.ServeCassetteHeader
	// sessionHeader, when set, gives the requests that carry it a sequence
	// of their own: two test processes replaying one cassette each get its
	// first recording first.
	sessionHeader = recorder.ServeSessionHeader
	// routePrefix is the same as a path prefix, for a client that cannot
	// set headers: /_tapedeck/fixtures/x/-/repos/1 is GET /repos/1 from
	// fixtures/x.yaml.
	routePrefix    = "/_tapedeck/"
	routeSeparator = "/-/"
)

// A route is where a request goes: a deck, and the cassette --record
// saves into (nil without --record).
type route struct {
	deck   *deck
	target *served
}

// route returns the route of r, stripping the routing header or path
// prefix from r. A request that names no cassette goes to the deck of the
// command line. The error is for the client: a cassette that is not served.
func (s *server) route(r *http.Request) (route, error) {
	name := r.Header.Get(cassetteHeader)
	session := r.Header.Get(sessionHeader)
	r.Header.Del(cassetteHeader)
	r.Header.Del(sessionHeader)
	if rest, ok := strings.CutPrefix(r.URL.Path, routePrefix); ok {
		cas, path, found := strings.Cut(rest, routeSeparator)
		if !found {
			return route{}, fmt.Errorf("the path %s names no request: write %sCASSETTE%sPATH, e.g. %sfixtures/github%srepos/1",
				r.URL.Path, routePrefix, routeSeparator, routePrefix, routeSeparator)
		}
		name = cas
		r.URL.Path, r.URL.RawPath = "/"+path, ""
	}
	if name == "" {
		return route{deck: s.deck, target: s.target}, nil
	}
	path := filepath.Clean(filepath.FromSlash(name))
	if ext := filepath.Ext(path); ext != ".yaml" && ext != ".yml" {
		path += ".yaml"
	}
	if !s.serves(path) {
		return route{}, fmt.Errorf("%s %s: serve answers only from the cassettes it was started with (%s) and those under them",
			cassetteHeader, name, strings.Join(s.roots, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := path + "\x00" + session
	if rt, ok := s.routes[key]; ok {
		return rt, nil
	}
	f, err := s.file(path)
	if err != nil {
		return route{}, err
	}
	d, err := s.newDeck(f)
	if err != nil {
		return route{}, err
	}
	rt := route{deck: d}
	if s.record {
		rt.target = f
	}
	if s.routes == nil {
		s.routes = map[string]route{}
	}
	s.routes[key] = rt
	return rt, nil
}

// serves reports whether path is a cassette serve was started with or a
// file under a directory it was started with.
func (s *server) serves(path string) bool {
	for _, root := range s.roots {
		root = filepath.Clean(root)
		if path == root {
			return true
		}
		if fi, err := disk.Stat(root); err == nil && fi.IsDir() {
			rel, err := filepath.Rel(root, path)
			if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return true
			}
		}
	}
	return false
}

// file returns the cassette at path, read once and shared by every route
// to it (so that --record appends to one copy); with --record, a cassette
// that does not exist yet is created empty. s.mu must be held.
func (s *server) file(path string) (*served, error) {
	if f, ok := s.files[path]; ok {
		return f, nil
	}
	c, err := cassette.Load(disk, path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && s.record:
		c = &cassette.Cassette{Version: cassette.Version,
			Comment: "tapedeck cassette; recorded by tapedeck serve --record --upstream " + s.upstream.String()}
	case err != nil:
		_, err = load(path)
		return nil, err
	}
	f := &served{path: path, c: c}
	s.files[path] = f
	return f, nil
}

// routeError answers a request whose route is wrong with 404 Not Found.
func (s *server) routeError(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Tapedeck", "no-cassette")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintf(w, "tapedeck serve: %v\n", err)
	s.log.Printf("error     %s %s -> 404: %v", r.Method, r.URL.RequestURI(), err)
}
