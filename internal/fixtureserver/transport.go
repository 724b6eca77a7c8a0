package fixtureserver

import (
	"context"
	"net"
	"net/http"
)

// Transport returns an http.Transport that connects to addr (the loopback
// server's host:port) whatever host a request names, so recordings can use
// the stable name Host instead of a random port.
func Transport(addr string) *http.Transport {
	var d net.Dialer
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}
}
