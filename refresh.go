package recorder

import (
	"context"
	"fmt"
	"net/http"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/engine"
)

// refresh sends d's request again for its stale recording and replaces the
// recording in place: conditionally when it has validators, in which case
// 304 Not Modified keeps it and moves only its recorded_at. A failed refresh
// (transport error or 5xx) keeps it and replays it (stale-if-error). What
// replaces it is redacted like every recording (a fresh response goes
// through capture first).
func (r *Recorder) refresh(req *http.Request, d decision) outcome {
	s := r.set
	old, v := d.hit.Interaction, d.verdict
	// A request that carries its own validators gets its own answer: a
	// 304 to it is a response to record, not a revalidation of ours.
	var cond http.Header
	if v.Revalidate && req.Header.Get("If-None-Match") == "" && req.Header.Get("If-Modified-Since") == "" {
		cond = expiry.Conditional(old)
	}
	fresh, tlsState, err := r.fetch(req, d.live, cond)
	if v.MustRevalidate && err != nil {
		// must-revalidate or no-cache: never serve it stale (RFC 9111
		// §4.2.4).
		return outcome{err: fmt.Errorf("tapedeck: %s %s: the stored response may not be served stale (%s says must-revalidate or no-cache) and revalidating it failed: %w",
			req.Method, req.URL, r.set.path, err)}
	}
	if err == nil && fresh.Response.Code >= 500 && !v.MustRevalidate {
		err = fmt.Errorf("the server answered %s", fresh.Response.Status)
	}
	if err != nil {
		o := r.replay(req, d.hit, r.replayInfo(d, true), false)
		o.note = r.staleNote("tapedeck: refreshing failed, so the stale recording is replayed (stale-if-error):", r.redacted(d.live), old, v,
			fmt.Sprintf("refresh: %v; the cassette keeps the old recording", err), "to try again")
		return o
	}

	if cond != nil && fresh.Response.Code == http.StatusNotModified {
		kept := *old
		kept.RecordedAt = fresh.RecordedAt
		switch {
		case s.mergeAll:
			kept.Response.Headers = merge(old.Response.Headers, fresh.Response.Headers)
		case s.policy.HonorResponseHeaders:
			kept.Response.Headers = freshen(old.Response.Headers, fresh.Response.Headers)
		}
		// The headers came from the network: redact what is stored.
		stored := s.red.Interaction(&kept)
		if err := r.eng.Replace(d.hit.ID, stored); err != nil {
			return r.storeFailed(req, err)
		}
		// The server has just confirmed it, so it is not Stale even when
		// it expires at once (expiry.Immediately).
		info := ResponseInfo{FromCassette: true, Revalidated: true, RecordedAt: stored.RecordedAt,
			ExpiresAt: s.policy.Check(req, stored, s.now()).ExpiresAt}
		hit := d.hit
		hit.Interaction, hit.Template = stored, engine.NewTemplate(&stored.Response)
		return r.replay(req, hit, info, false)
	}
	// A fresh answer replaces the recording, unless the policy (or the
	// store filter) does not store it: then it is passed on, and the old
	// recording stays.
	return r.store(req, fresh, tlsState, func(in *cassette.Interaction) error {
		if in == nil {
			return nil
		}
		in.Line = old.Line
		return r.eng.Replace(d.hit.ID, in)
	})
}

// freshenedHeaders are the recorded response headers that a 304 Not
// Modified updates (RFC 9111 §4.3.4) when the policy honors response
// headers, because freshness is computed from them.
var freshenedHeaders = []string{"Cache-Control", "Date", "Etag", "Expires", "Last-Modified"}

// freshen returns a copy of recorded with the freshness headers of the
// 304 response notModified. Age is dropped unless the 304 has one: an old
// Age would make the refreshed recording look older than it is.
func freshen(recorded, notModified http.Header) http.Header {
	h := recorded.Clone()
	if h == nil {
		h = make(http.Header)
	}
	for _, k := range freshenedHeaders {
		if v, ok := notModified[k]; ok {
			h[k] = v
		}
	}
	delete(h, "Age")
	if v, ok := notModified["Age"]; ok {
		h["Age"] = v
	}
	return h
}

// merge returns a copy of recorded with every header of the 304 response
// notModified in place of the recorded one (RFC 9111 §4.3.4), except
// Content-Length, which describes the 304 and not the stored body, and the
// hop-by-hop fields, which are not stored.
func merge(recorded, notModified http.Header) http.Header {
	h := recorded.Clone()
	if h == nil {
		h = make(http.Header)
	}
	for k, v := range endToEnd(notModified) {
		if k == "Content-Length" {
			continue
		}
		h[k] = v
	}
	if _, ok := notModified["Age"]; !ok {
		delete(h, "Age")
	}
	return h
}

// refreshBehind replays d's stale recording at once and refreshes it in
// the background (stale-while-revalidate, RFC 5861 §3). The background
// refresh works on copies of the request, since the caller may reuse
// req once RoundTrip returns, and its outcome goes nowhere: the next
// request sees the refreshed recording, or, if it failed, the old one.
func (r *Recorder) refreshBehind(req *http.Request, d decision) outcome {
	o := r.replay(req, d.hit, r.replayInfo(d, true), true)
	bg := req.Clone(context.WithoutCancel(req.Context()))
	bg.Body = nil
	live := *d.live
	live.Headers = bg.Header
	bd := d
	bd.live = &live
	go func() {
		if out := r.refresh(bg, bd); out.resp != nil {
			out.resp.Body.Close()
		}
	}()
	return o
}
