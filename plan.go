package recorder

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/engine"
)

// An action is what RoundTrip does with one request. plan chooses it; the
// switch in RoundTrip carries it out.
type action int

const (
	actLookup        action = iota // not an answer: plan needs the recording first
	actClosed                      // the recorder is closed: an error
	actPass                        // to the real transport as it is, never recorded nor replayed
	actRefuse                      // never recorded, yet the mode never uses the network: an error
	actReplay                      // replay the recording
	actReplayStale                 // replay a stale recording, with a note in the log
	actStaleFail                   // replay a stale recording and fail the test (StaleFail under New)
	actStaleError                  // a stale recording: an error (StaleFail under Open)
	actRefresh                     // send it again, conditionally where it can, and replace the recording
	actRecord                      // send it and record the response
	actMiss                        // no recording, and the mode may not record: an error
	actFail                        // the request could not be read: an error
	actNotModified                 // answer the client's own conditional request with 304 from the recording
	actRefreshBehind               // replay the stale recording and refresh it in the background (stale-while-revalidate)
)

var actionNames = [...]string{
	actLookup: "lookup", actClosed: "closed", actPass: "pass", actRefuse: "refuse",
	actReplay: "replay", actReplayStale: "replay stale", actStaleFail: "stale fail",
	actStaleError: "stale error", actRefresh: "refresh", actRecord: "record",
	actMiss: "miss", actFail: "fail", actNotModified: "not modified", actRefreshBehind: "refresh behind",
}

func (a action) String() string { return actionNames[a] }

// facts are what plan knows of a request. Those before looked are known
// before the body is read; found and stale once the cassette was searched.
type facts struct {
	closed   bool // Close was called
	claimed  bool // a passthrough rule claims it
	storable bool // the expiry policy and the store filter let it be stored
	looked   bool // the cassette was searched: found and stale are known
	found    bool // a recording answers it
	stale    bool // that recording is stale under the expiry policy
	// notModified: the request is conditional, the settings answer such
	// requests (AsHTTPCache), and the fresh recording satisfies it.
	notModified bool
	// behind: the stale recording is within its stale-while-revalidate
	// window, and the settings serve such recordings while refreshing
	// them (AsHTTPCache).
	behind bool
}

// plan is the one place that decides what happens to a request. It reads
// the mode, the network, the strategy and the facts, and nothing else.
func (s *settings) plan(f facts) action {
	switch {
	case f.closed:
		return actClosed
	case f.claimed || s.mode == ModePassthrough:
		return actPass
	case !f.storable && s.mode == ModeReplay:
		return actRefuse
	case !f.storable:
		return actPass
	case s.mode == ModeRerecord:
		return actRecord
	case !f.looked:
		return actLookup
	case !f.found && s.network:
		return actRecord
	case !f.found:
		return actMiss
	case !f.stale && f.notModified:
		return actNotModified
	case !f.stale:
		return actReplay
	case f.behind && s.mode != ModeUpdate && s.strategy == StaleRefresh && s.network:
		return actRefreshBehind
	case s.mode == ModeUpdate || s.strategy == StaleRefresh && s.network:
		return actRefresh
	case s.strategy == StaleFail && s.tb != nil:
		return actStaleFail
	case s.strategy == StaleFail:
		return actStaleError
	}
	return actReplayStale
}

// A decision is plan's answer with what RoundTrip needs to carry it out.
type decision struct {
	action  action
	live    *cassette.Request // the request as recorded: method, URL, headers, body
	shown   *cassette.Request // live as it was last matched (redacted when that was tried), for reports
	hit     engine.Hit        // the recording, when one was found
	verdict expiry.Verdict    // what the policy said of it, when there is a policy
	err     error             // actFail's error
}

// decide gathers the facts about req, reading its body only when plan needs
// the recording, and returns plan's decision.
func (r *Recorder) decide(req *http.Request) decision {
	s := r.set
	f := facts{closed: r.eng.Closed(), claimed: len(s.passthrough) > 0 && s.claims(req), storable: s.storable(req)}
	d := decision{action: s.plan(f)}
	if d.action == actPass || d.action == actClosed || d.action == actRefuse {
		return d
	}
	body, err := readBody(req)
	if err != nil {
		return decision{action: actFail, err: fmt.Errorf("tapedeck: reading the body of %s %s: %w", req.Method, req.URL, err)}
	}
	d.live = &cassette.Request{Method: methodOf(req), URL: req.URL.String(), Headers: req.Header, Body: body}
	d.shown = d.live
	if d.action != actLookup {
		return d
	}
	d.hit, d.shown, err = r.eng.Claim(d.live)
	switch {
	case errors.Is(err, engine.ErrClosed):
		f.closed = true
	case err != nil: // a store that did not answer
		return decision{action: actFail, err: fmt.Errorf("tapedeck: %s %s: looking it up in the store of %s: %w", d.live.Method, d.live.URL, s.path, err)}
	}
	f.looked, f.found = true, d.hit.Interaction != nil
	if f.found && s.policy != nil {
		d.verdict = s.policy.Check(req, d.hit.Interaction, s.now())
		f.stale = d.verdict.Stale
		f.notModified = s.answers304 && !f.stale && expiry.NotModified(req, d.hit.Interaction)
		f.behind = s.behind && f.stale && d.verdict.WhileRevalidate
	}
	d.action = s.plan(f)
	return d
}
