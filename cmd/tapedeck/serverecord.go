package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
)

// recordRequest sends a request that has no recording to the upstream API,
// returns the response to the client, and saves the interaction, redacted,
// to the route's target cassette, unless the secret scanner still finds something
// in it.
func (s *server) recordRequest(w http.ResponseWriter, r *http.Request, body []byte, rt route) {
	full := s.upstream.Scheme + "://" + s.upstream.Host + s.originURL(r)
	out, err := http.NewRequestWithContext(r.Context(), r.Method, full, bytes.NewReader(body))
	if err != nil {
		s.upstreamError(w, r, err)
		return
	}
	if body == nil {
		out.Body = nil
	}
	for k, v := range r.Header {
		if !isHopByHop(k) {
			out.Header[k] = v
		}
	}
	recorded := cassette.Request{Method: r.Method, URL: full, Headers: out.Header.Clone(), Body: body}
	in, _, err := engine.Fetch(s.transport, out, recorded, time.Now)
	if err != nil {
		s.upstreamError(w, r, err)
		return
	}
	if err := respond(w, r.Method, rt.target.path, &in.Response); err != nil {
		s.log.Printf("error     %s %s -> %d from %s: %v", r.Method, s.originURL(r), in.Response.Code, s.upstream, err)
		if errors.Is(err, errBodyCut) {
			panic(http.ErrAbortHandler)
		}
		return
	}

	clean := rt.deck.red.Interaction(in)
	s.mu.Lock()
	defer s.mu.Unlock()
	target := rt.target
	c := target.c
	if findings := rt.deck.red.ScanInteraction(len(c.Interactions), clean); len(findings) > 0 {
		for _, f := range findings {
			s.log.Printf("recorded  %s %s -> %d from %s, NOT saved: %s: %s", r.Method, s.originURL(r), in.Response.Code,
				s.upstream, secretWhat(f), findingFix(f))
		}
		return
	}
	c.Interactions = append(c.Interactions, clean)
	rt.deck.eng.Store(clean, 0) // the target is the deck's first cassette
	if err := save(target.path, c); err != nil {
		s.log.Printf("recorded  %s %s -> %d from %s, NOT saved: %v", r.Method, s.originURL(r), in.Response.Code, s.upstream, err)
		return
	}
	s.log.Printf("recorded  %s %s -> %d from %s into %s (#%d)", r.Method, s.originURL(r), in.Response.Code,
		s.upstream, target.path, len(c.Interactions))
}

// upstreamError answers 502 Bad Gateway when the upstream API cannot be
// reached.
func (s *server) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Tapedeck", "upstream-error")
	w.WriteHeader(http.StatusBadGateway)
	fmt.Fprintf(w, "tapedeck serve: %s %s: the upstream %s failed: %v\n", r.Method, r.URL.RequestURI(), s.upstream, err)
	s.log.Printf("error     %s %s -> 502: upstream %s: %v", r.Method, s.originURL(r), s.upstream, err)
}
