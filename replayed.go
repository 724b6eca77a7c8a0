package recorder

import (
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// replayed builds the response a client gets for a matched recording:
// secrets restored, BeforeReplay hooks run, the recorded latency waited out
// when WithLatency asks for it. Without any of those it is response(in)
// itself, the fast path of replay.
func (r *Recorder) replayed(in *cassette.Interaction, req *http.Request) (*http.Response, error) {
	if !r.restores && len(r.cfg.beforeReplay) == 0 && r.cfg.latency == 0 {
		return response(in, req), nil
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
	if err := r.wait(req, out.Duration); err != nil {
		return nil, err
	}
	return response(&out, req), nil
}
