package recorder

import (
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// replayed builds the response a client gets for a recording: the
// placeholders of redact.Secret filters restored, the BeforeReplay hooks
// run, and, when wait is true and WithLatency asks for it, the recorded
// latency waited out. Without Secret filters, hooks or latency it is
// response(in) itself, the fast path of replay.
//
// wait is false for a recording served after a trip to the network (a
// revalidation, a failed refresh), which took its own time.
func (r *Recorder) replayed(in *cassette.Interaction, req *http.Request, info ResponseInfo, wait bool) (*http.Response, error) {
	if !r.restores && len(r.cfg.beforeReplay) == 0 && (!wait || r.cfg.latency == 0) {
		return response(in, req, info), nil
	}
	out := *in
	out.Response = r.red.Restore(in.Response)
	if len(r.cfg.beforeReplay) > 0 {
		restored := out
		out = *copyInteraction(&restored)
		if err := r.beforeReplay(&out); err != nil {
			return nil, err
		}
	}
	if wait {
		if err := r.wait(req, out.Duration); err != nil {
			return nil, err
		}
	}
	return response(&out, req, info), nil
}
