package recorder

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// routeConfig holds the passthrough rules.
type routeConfig struct {
	passthrough []func(*http.Request) bool
}

// WithPassthrough sends every request for which pass returns true straight
// to the real transport (WithTransport): it is never recorded and never
// replayed, and the cassette does not mention it. Use it for what a test
// talks to besides the API it records: a local database's HTTP port, a
// telemetry endpoint, a test server of its own.
//
// Passthrough rules are explicit intent, so they apply in every mode:
// EVEN IN ModeReplay, WHERE NOTHING ELSE TOUCHES THE NETWORK, AND SO IN CI,
// a request that a rule passes through goes to the real transport. Keep
// rules narrow (IgnoreHosts names hosts exactly).
//
// pass sees the request as the client sent it and must not read its body;
// it must be safe for concurrent use. Several rules add up: a request passes
// through when any of them returns true.
func WithPassthrough(pass func(req *http.Request) bool) Option {
	return func(c *config) error {
		if pass == nil {
			return errors.New("WithPassthrough(nil): pass a function that says which requests go to the network")
		}
		c.passthrough = append(c.passthrough, pass)
		return nil
	}
}

// IgnoreHosts is WithPassthrough for the requests to the named hosts: they
// go to the real transport in every mode, ModeReplay included, and are
// never recorded or replayed. A name without a port matches the host on
// any port ("localhost" matches localhost:8080); with a port, only that port
// ("localhost:8080", "[::1]:8080"). Names are case-insensitive.
//
//	recorder.IgnoreHosts("localhost", "127.0.0.1", "telemetry.example.com")
func IgnoreHosts(hosts ...string) Option {
	return func(c *config) error {
		names := make(map[string]bool, len(hosts))
		for _, h := range hosts {
			if h == "" || strings.ContainsAny(h, "/?# ") {
				return fmt.Errorf("IgnoreHosts(%q): name a host such as \"localhost\" or \"localhost:8080\", not a URL", h)
			}
			h = strings.ToLower(h)
			if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
				h = h[1 : len(h)-1] // [::1] is the host ::1 on any port
			}
			names[h] = true
		}
		if len(names) == 0 {
			return errors.New("IgnoreHosts(): name at least one host")
		}
		c.passthrough = append(c.passthrough, func(req *http.Request) bool {
			if req.URL == nil {
				return false
			}
			host := strings.ToLower(req.URL.Host)
			return names[host] || names[strings.ToLower(req.URL.Hostname())]
		})
		return nil
	}
}
