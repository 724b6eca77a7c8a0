package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// recordRequest sends a request that has no recording to the upstream API,
// returns the response to the client, and saves the interaction, redacted,
// to the target cassette, unless the secret scanner still finds something
// in it.
func (s *server) recordRequest(w http.ResponseWriter, r *http.Request, body []byte) {
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
	start := time.Now()
	resp, err := s.transport.RoundTrip(out)
	if err != nil {
		s.upstreamError(w, r, err)
		return
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		s.upstreamError(w, r, fmt.Errorf("reading the response: %w", err))
		return
	}
	end := time.Now()
	in := &cassette.Interaction{
		RecordedAt: end.UTC().Truncate(time.Second),
		Duration:   roundDuration(end.Sub(start)),
		Request: cassette.Request{
			Method:  r.Method,
			URL:     full,
			Headers: out.Header.Clone(),
			Body:    body,
		},
		Response: cassette.Response{
			Status:   resp.Status,
			Code:     resp.StatusCode,
			Proto:    resp.Proto,
			Headers:  resp.Header.Clone(),
			Trailers: resp.Trailer.Clone(),
			Body:     bytesOrNil(string(respBody)),
		},
	}
	respond(w, r.Method, &in.Response)

	clean := s.redactor.Interaction(in)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.target.c
	if findings := s.redactor.ScanInteraction(len(c.Interactions), clean); len(findings) > 0 {
		for _, f := range findings {
			s.log.Printf("recorded  %s %s -> %d from %s, NOT saved: %s: %s", r.Method, s.originURL(r), resp.StatusCode,
				s.upstream, secretWhat(f), findingFix(f))
		}
		return
	}
	c.Interactions = append(c.Interactions, clean)
	e := s.deck.addInteraction(s.target, len(c.Interactions)-1)
	e.used = true
	if err := save(s.target.path, c); err != nil {
		s.log.Printf("recorded  %s %s -> %d from %s, NOT saved: %v", r.Method, s.originURL(r), resp.StatusCode, s.upstream, err)
		return
	}
	s.log.Printf("recorded  %s %s -> %d from %s into %s (#%d)", r.Method, s.originURL(r), resp.StatusCode,
		s.upstream, s.target.path, len(c.Interactions))
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
