package recorder

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The request headers by which `tapedeck serve` routes a request to a
// cassette: ServeCassetteHeader names the cassette (a path relative to the
// directory serve runs in, ".yaml" optional), and ServeSessionHeader gives
// the requests that carry the same value a sequence of recordings of their
// own. Clients in any language set them; ServeClient does it for Go.
const (
	ServeCassetteHeader = "X-Tapedeck-Cassette"
	ServeSessionHeader  = "X-Tapedeck-Session"
)

// ServeClient returns an *http.Client whose requests `tapedeck serve`, at
// the base URL serveURL, answers from the cassette named cassette, with a
// session of its own: identical requests get the cassette's recordings in
// recorded order, whatever other clients (other test processes, in any
// language) ask the same server at the same time. Requests keep their path
// and query and go to serveURL's scheme and host, so the code under test
// may keep the real API's base URL:
//
//	client, err := recorder.ServeClient("http://127.0.0.1:8080", "fixtures/github")
//	resp, err := client.Get("https://api.github.com/repos/o/r") // answered from fixtures/github.yaml
//
// serve must have been started with the cassette, or a directory above it.
func ServeClient(serveURL, cassette string) (*http.Client, error) {
	u, err := url.Parse(serveURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("tapedeck: ServeClient(%q, ...): want the base URL of tapedeck serve, such as http://127.0.0.1:8080", serveURL)
	}
	if strings.TrimSpace(cassette) == "" {
		return nil, fmt.Errorf("tapedeck: ServeClient(%q, \"\"): name the cassette, such as \"fixtures/github\"", serveURL)
	}
	var id [8]byte
	rand.Read(id[:]) // never fails (crypto/rand.Read's documentation)
	return &http.Client{Transport: &serveTransport{
		base: http.DefaultTransport, scheme: u.Scheme, host: u.Host, prefix: strings.TrimSuffix(u.EscapedPath(), "/"),
		cassette: cassette, session: hex.EncodeToString(id[:]),
	}}, nil
}

// serveTransport sends requests to tapedeck serve with the routing headers.
type serveTransport struct {
	base                 http.RoundTripper
	scheme, host, prefix string
	cassette, session    string
}

func (t *serveTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = t.scheme, t.host, ""
	if t.prefix != "" {
		out.URL.Path = t.prefix + req.URL.Path
		if req.URL.RawPath != "" {
			out.URL.RawPath = t.prefix + req.URL.RawPath
		}
	}
	out.Header.Set(ServeCassetteHeader, t.cassette)
	out.Header.Set(ServeSessionHeader, t.session)
	return t.base.RoundTrip(out)
}
