package recorder

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/match"
)

// An outcome is what carrying out a decision gave: what RoundTrip returns,
// and what report tells the person running it.
type outcome struct {
	resp *http.Response
	err  error
	fail error // a failure of the test under New (t.Errorf); often err itself
	note *note // a line for the log (WithLogger)
}

// report is the one place where a request's failures and notes reach the
// test and the log. It returns what RoundTrip returns.
func (r *Recorder) report(o outcome) (*http.Response, error) {
	if o.fail != nil && r.set.tb != nil {
		r.set.tb.Errorf("%s", o.fail.Error())
	}
	if o.note != nil {
		r.set.logf("%s", o.note)
	}
	return o.resp, o.err
}

// A note is what the log says about a stale recording that was replayed or
// refreshed: a headline ending in the request, where the recording is and
// the policy's verdict, an optional detail, and what the command that
// follows does ("to refresh it"). A note without a command is about a
// response that was not recorded: the headline, the request, the
// cassette and the detail, why.
type note struct {
	headline string
	request  *cassette.Request
	where    string // file:line, or the file
	recorded time.Time
	verdict  expiry.Verdict
	detail   string
	fix      string
	command  string
}

func (n *note) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\n", n.headline, n.request.Method, n.request.URL)
	if n.command == "" {
		// A note about a recording not made: where, and why.
		fmt.Fprintf(&b, "  %s: %s", n.where, n.detail)
		return b.String()
	}
	fmt.Fprintf(&b, "  %s, recorded %s\n", n.where, n.recorded.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "  %v\n", n.verdict)
	if n.detail != "" {
		fmt.Fprintf(&b, "  %s\n", n.detail)
	}
	fmt.Fprintf(&b, "%s, run:\n  %s", n.fix, n.command)
	return b.String()
}

// staleNote is the note about the stale recording in, matched by shown.
func (r *Recorder) staleNote(headline string, shown *cassette.Request, in *cassette.Interaction, v expiry.Verdict, detail, fix string) *note {
	n := (&StaleError{Cassette: r.set.path, Request: shown, Recorded: in, Verdict: v, Fix: r.set.refreshFix}).asNote()
	n.headline, n.detail, n.fix = headline, detail, fix
	return n
}

// staleReport says what d's stale recording, replayed without a refresh,
// gets: a note for StaleWarn (and for StaleRefresh without the network), a
// *StaleError for StaleFail.
func (r *Recorder) staleReport(d decision) (*note, error) {
	s := r.set
	shown := r.redacted(d.live)
	switch s.strategy {
	case StaleFail:
		return nil, &StaleError{Cassette: s.path, Request: shown, Recorded: d.hit.Interaction, Verdict: d.verdict, Fix: s.refreshFix}
	case StaleRefresh:
		return r.staleNote("tapedeck: replaying a stale recording of", shown, d.hit.Interaction, d.verdict,
			fmt.Sprintf("not refreshed (OnStale(StaleRefresh)): mode %s (from %s) %s", s.mode, s.modeSource, s.mode.networkRule()),
			"to refresh it"), nil
	}
	return r.staleNote("tapedeck: replaying a stale recording of", shown, d.hit.Interaction, d.verdict, "", "to refresh it"), nil
}

// closedOutcome is what every request gets after Close.
func (r *Recorder) closedOutcome(req *http.Request) outcome {
	if req.Body != nil {
		req.Body.Close()
	}
	return outcome{err: r.closedError(methodOf(req), req.URL.String())}
}

func (r *Recorder) closedError(method, url string) error {
	return fmt.Errorf("tapedeck: %s %s: the recorder for %s is closed (the test ended or Close was called)", method, url, r.set.path)
}

// refused is the error for a request that is never recorded, in a mode that
// never uses the network.
func (r *Recorder) refused(req *http.Request) outcome {
	if req.Body != nil {
		req.Body.Close()
	}
	s := r.set
	err := fmt.Errorf("tapedeck: %s %s is never recorded (%s), so it must go to the network, but mode replay (from %s) never uses the network\n"+
		"  cassette: %s\n"+
		"to fix it, serve this request another way in this test (an httptest server, a fake), or change the expiry policy so that it is recorded, or use a mode that may use the network (WithMode, TAPEDECK_MODE)",
		methodOf(req), req.URL, s.whyNotStored(req), s.modeSource, s.path)
	return outcome{err: err, fail: err}
}

// missError builds the report for live, which nothing answers.
func (r *Recorder) missError(live *cassette.Request) *MissError {
	s := r.set
	e := &MissError{
		Cassette:   s.path,
		Mode:       s.mode,
		ModeSource: s.modeSource,
		Request:    cloneRequest(live),
		Headers:    match.RelevantHeaders(s.matcher, live.Headers),
		Fix:        s.fix,
		Repeats:    s.repeats,
	}
	cands, used := r.eng.Closest(live)
	e.Used = used
	for _, c := range cands[:min(len(cands), maxCandidates)] {
		e.Closest = append(e.Closest, Candidate{Index: c.ID, Interaction: c.Interaction, Used: c.Used, Mismatches: c.Mismatches})
	}
	return e
}

// storeFailed is what a request gets when what it fetched could not be
// stored: the "closed" error after Close, or the store's error.
func (r *Recorder) storeFailed(req *http.Request, err error) outcome {
	if errors.Is(err, engine.ErrClosed) {
		return r.closedOutcome(req)
	}
	return outcome{err: fmt.Errorf("tapedeck: %s %s: writing it to the store of %s: %w", methodOf(req), req.URL, r.set.path, err)}
}
