package recorder

import (
	"crypto/tls"
	"net/http"
	"net/url"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// record sends req to the real transport and stores what it got (in the
// order the engine keeps, see engine.End), after the AfterCapture hooks and
// redaction, unless the expiry policy or the store filter keeps that
// response out. The client gets the response as it came: as it arrives,
// through a tee, when it streams (see settings.streams), else once read.
// Transport errors are returned and nothing is recorded.
func (r *Recorder) record(req *http.Request, live *cassette.Request) outcome {
	r.eng.Begin()
	x, err := r.send(req, live, nil)
	if err != nil {
		r.eng.End(nil, 0)
		return outcome{err: err}
	}
	if r.set.streams(x.Resp) {
		return r.tee(req, x)
	}
	fresh, err := x.ReadAll()
	if err != nil {
		r.eng.End(nil, 0)
		return outcome{err: err}
	}
	info, o := r.keep(req, fresh, func(in *cassette.Interaction) error { return r.eng.End(in, 0) })
	if o.err != nil {
		return o
	}
	// The response as it came, with the body read (a small one of known
	// length, which replays in one piece: no template needed).
	resp := *x.Resp
	b := &body{info: info}
	b.Reset(fresh.Response.Body)
	resp.Body, resp.Request = b, req
	return outcome{resp: &resp}
}

// store is the tail that recording and refreshing share: it captures fresh
// (hooks, then redaction) when the settings keep its response, hands put
// what is to be stored (nil for nothing; put is called once in every case),
// and builds the client's response from fresh as it came.
func (r *Recorder) store(req *http.Request, fresh *cassette.Interaction, tlsState *tls.ConnectionState, put func(*cassette.Interaction) error) outcome {
	info, o := r.keep(req, fresh, put)
	if o.err != nil {
		return o
	}
	resp := r.respondFresh(fresh, req, info)
	resp.TLS = tlsState
	return outcome{resp: resp}
}

// keep captures fresh (hooks, then redaction) when the settings keep its
// response, and hands put what is to be stored (nil for nothing; put is
// called once in every case). It returns what Info says of the response
// the client gets, or the outcome of a failure.
func (r *Recorder) keep(req *http.Request, fresh *cassette.Interaction, put func(*cassette.Interaction) error) (ResponseInfo, outcome) {
	var stored *cassette.Interaction
	if r.set.keeps(req, &fresh.Response) {
		var err error
		if stored, err = r.capture(fresh); err != nil {
			put(nil)
			return ResponseInfo{}, outcome{err: err}
		}
		if r.set.hopByHop {
			stored.Response.Headers = endToEnd(stored.Response.Headers)
		}
	}
	if err := put(stored); err != nil {
		return ResponseInfo{}, r.storeFailed(req, err)
	}
	var info ResponseInfo // zero: the response was passed on, not recorded
	if stored != nil {
		info.RecordedAt = stored.RecordedAt
		if r.set.policy != nil {
			info.ExpiresAt = r.set.policy.Check(req, stored, r.set.now()).ExpiresAt
		}
	}
	return info, outcome{}
}

// pass sends req to the real transport as it is, and, when the settings
// ask (AsHTTPCache), invalidates what a successful unsafe request makes
// stale.
func (r *Recorder) pass(req *http.Request) outcome {
	resp, err := r.set.transport.RoundTrip(req)
	if err == nil && r.set.invalidates {
		r.invalidate(req, resp)
	}
	return outcome{resp: resp, err: err}
}

// invalidate takes out the stored GET and HEAD responses for the URL of an
// unsafe request that got a 2xx or 3xx response, and for the same-origin
// URLs its Location and Content-Location name (RFC 9111 §4.4).
func (r *Recorder) invalidate(req *http.Request, resp *http.Response) {
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return
	}
	if resp.StatusCode < 200 || resp.StatusCode >= 400 {
		return
	}
	targets := []string{req.URL.String()}
	for _, k := range []string{"Location", "Content-Location"} {
		v := resp.Header.Get(k)
		if v == "" {
			continue
		}
		if u, err := req.URL.Parse(v); err == nil && sameOrigin(u, req.URL) {
			targets = append(targets, u.String())
		}
	}
	r.eng.InvalidateURLs(targets)
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

// hopByHop are the header fields that describe one connection, not the
// response, and so are never stored (RFC 9110 §7.6.1, RFC 9111 §3.1).
var hopByHop = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Te", "Transfer-Encoding", "Upgrade",
	"Proxy-Authenticate", "Proxy-Authentication-Info", "Proxy-Authorization"}

// endToEnd returns h without its hop-by-hop fields and the fields its
// Connection header lists; h itself when it has none.
func endToEnd(h http.Header) http.Header {
	drop := append([]string(nil), hopByHop...)
	for _, line := range h.Values("Connection") {
		for _, n := range strings.Split(line, ",") {
			if n = strings.TrimSpace(n); n != "" {
				drop = append(drop, http.CanonicalHeaderKey(n))
			}
		}
	}
	var out http.Header
	for _, k := range drop {
		if _, ok := h[k]; !ok {
			continue
		}
		if out == nil {
			out = h.Clone()
		}
		delete(out, k)
	}
	if out == nil {
		return h
	}
	return out
}
