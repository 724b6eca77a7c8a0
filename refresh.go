package recorder

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

// fetch sends req (whose body was read into live.Body) to the real
// transport, with the extra headers added to the copy that goes out, and
// returns the interaction to record: the request as the caller made it
// (without the extra headers) and the response as it came.
func (r *Recorder) fetch(req *http.Request, live *cassette.Request, extra http.Header) (*cassette.Interaction, *tls.ConnectionState, error) {
	out := outgoing(req, live.Body)
	if len(extra) > 0 {
		if out.Header == nil {
			out.Header = make(http.Header, len(extra))
		}
		for k, v := range extra {
			out.Header[k] = v
		}
	}
	start := r.cfg.now()
	resp, err := r.cfg.transport.RoundTrip(out)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("tapedeck: reading the response to %s %s: %w", live.Method, live.URL, err)
	}
	end := r.cfg.now()
	return &cassette.Interaction{
		RecordedAt: end.UTC().Truncate(time.Second),
		Duration:   roundDuration(end.Sub(start)),
		Request: cassette.Request{
			Method:  live.Method,
			URL:     live.URL,
			Headers: req.Header.Clone(),
			Body:    live.Body,
		},
		Response: cassette.Response{
			Status:   resp.Status,
			Code:     resp.StatusCode,
			Proto:    resp.Proto,
			Headers:  resp.Header.Clone(),
			Trailers: resp.Trailer.Clone(),
			Body:     body,
		},
	}, resp.TLS, nil
}

// refresh sends live again for its stale recording old (interaction id)
// and replaces the recording in place: conditionally when old has
// validators, in which case 304 Not Modified keeps old and moves only its
// recorded_at. A failed refresh (transport error or 5xx) keeps old and
// replays it (stale-if-error). What replaces old is redacted like every
// recording (a fresh response goes through capture first); shown is live
// redacted, for reports.
func (r *Recorder) refresh(req *http.Request, live, shown *cassette.Request, id int, old *cassette.Interaction, v expiry.Verdict) (*http.Response, error) {
	// A request that carries its own validators gets its own answer: a
	// 304 to it is a response to record, not a revalidation of ours.
	var cond http.Header
	if v.Revalidate && req.Header.Get("If-None-Match") == "" && req.Header.Get("If-Modified-Since") == "" {
		cond = expiry.Conditional(old)
	}
	fresh, tlsState, err := r.fetch(req, live, cond)
	if err == nil && fresh.Response.Code >= 500 {
		err = fmt.Errorf("the server answered %s", fresh.Response.Status)
	}
	if err != nil {
		e := &StaleError{Cassette: r.path, Request: shown, Recorded: old, Verdict: v, Fix: r.refreshFix}
		r.logf("%s", e.report("tapedeck: refreshing failed, so the stale recording is replayed (stale-if-error):",
			fmt.Sprintf("refresh: %v; the cassette keeps the old recording", err), "to try again"))
		return r.replayed(old, req, ResponseInfo{FromCassette: true, RecordedAt: old.RecordedAt, ExpiresAt: v.ExpiresAt, Stale: true}, false)
	}

	if cond != nil && fresh.Response.Code == http.StatusNotModified {
		kept := *old
		kept.RecordedAt = fresh.RecordedAt
		if r.policy.HonorResponseHeaders {
			kept.Response.Headers = freshen(old.Response.Headers, fresh.Response.Headers)
		}
		// The headers came from the network: redact what is stored.
		stored := r.red.Interaction(&kept)
		if err := r.replace(id, stored, shown); err != nil {
			return nil, err
		}
		// The server has just confirmed it, so it is not Stale even when
		// it expires at once (expiry.Immediately).
		info := ResponseInfo{FromCassette: true, Revalidated: true, RecordedAt: stored.RecordedAt,
			ExpiresAt: r.policy.Check(req, stored, r.cfg.now()).ExpiresAt}
		return r.replayed(stored, req, info, false)
	}

	info := ResponseInfo{}
	if r.keep(req, &fresh.Response) {
		stored, err := r.capture(fresh)
		if err != nil {
			return nil, err
		}
		stored.Line = old.Line
		if err := r.replace(id, stored, shown); err != nil {
			return nil, err
		}
		info = r.recordedInfo(req, stored)
	}
	// Otherwise the policy (or the cache preset) does not store this
	// response: it is passed on, and the old recording stays.
	out := response(fresh, req, info)
	out.TLS = tlsState
	return out, nil
}

// replace puts in at position id of the cassette, where the recording it
// refreshes was, so that the file changes only there.
func (r *Recorder) replace(id int, in *cassette.Interaction, live *cassette.Request) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return r.closedError(live)
	}
	r.cas.Interactions[id] = in
	r.recorded++
	r.dirty = true
	return nil
}

// recordedInfo is the ResponseInfo of an interaction just received and
// written.
func (r *Recorder) recordedInfo(req *http.Request, in *cassette.Interaction) ResponseInfo {
	info := ResponseInfo{RecordedAt: in.RecordedAt}
	if r.policy != nil {
		info.ExpiresAt = r.policy.Check(req, in, r.cfg.now()).ExpiresAt
	}
	return info
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
