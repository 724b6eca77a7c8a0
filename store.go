package recorder

import (
	"crypto/tls"
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// record sends req to the real transport and stores what it got (in the
// order the engine keeps, see engine.End), after the AfterCapture hooks and
// redaction, unless the expiry policy or the store filter keeps that
// response out. The client gets the response as it came. Transport errors
// are returned and nothing is recorded.
func (r *Recorder) record(req *http.Request, live *cassette.Request) outcome {
	r.eng.Begin()
	fresh, tlsState, err := r.fetch(req, live, nil)
	if err != nil {
		r.eng.End(nil, 0)
		return outcome{err: err}
	}
	return r.store(req, fresh, tlsState, func(in *cassette.Interaction) error { return r.eng.End(in, 0) })
}

// store is the tail that recording and refreshing share: it captures fresh
// (hooks, then redaction) when the settings keep its response, hands put
// what is to be stored (nil for nothing; put is called once in every case),
// and builds the client's response from fresh as it came.
func (r *Recorder) store(req *http.Request, fresh *cassette.Interaction, tlsState *tls.ConnectionState, put func(*cassette.Interaction) error) outcome {
	var stored *cassette.Interaction
	if r.set.keeps(req, &fresh.Response) {
		var err error
		if stored, err = r.capture(fresh); err != nil {
			put(nil)
			return outcome{err: err}
		}
	}
	if err := put(stored); err != nil {
		return r.closedOutcome(req)
	}
	var info ResponseInfo // zero: the response was passed on, not recorded
	if stored != nil {
		info.RecordedAt = stored.RecordedAt
		if r.set.policy != nil {
			info.ExpiresAt = r.set.policy.Check(req, stored, r.set.now()).ExpiresAt
		}
	}
	resp := respondFresh(fresh, req, info)
	resp.TLS = tlsState
	return outcome{resp: resp}
}
