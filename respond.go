package recorder

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
)

// replay builds the response a client gets for a recording: the
// placeholders of redact.Secret filters restored, the BeforeReplay hooks
// run, and, when wait is true and WithLatency asks for it, the recorded
// latency waited out. Without Secret filters, hooks or latency it is the
// recording's template itself, the fast path of replay.
//
// wait is false for a recording served after a trip to the network (a
// revalidation, a failed refresh), which took its own time.
func (r *Recorder) replay(req *http.Request, hit engine.Hit, info ResponseInfo, wait bool) outcome {
	s := r.set
	if !s.restores && len(s.beforeReplay) == 0 && (!wait || s.latency == 0) {
		return r.aged(req, hit, outcome{resp: r.respond(hit.Template, req, info)})
	}
	out := *hit.Interaction
	out.Response = s.red.Restore(out.Response)
	if len(s.beforeReplay) > 0 {
		restored := out
		out = *copyInteraction(&restored)
		if err := r.beforeReplay(&out); err != nil {
			return outcome{err: err}
		}
	}
	start := time.Now()
	t := engine.NewTemplate(&out.Response)
	ev := t.Events()
	paced := wait && s.latency > 0 && ev != nil && ev.Times != nil
	if wait && !paced {
		if err := s.wait(req, out.Duration); err != nil {
			return outcome{err: err}
		}
	}
	resp := r.respond(t, req, info)
	if paced {
		// The headers now, each event at its time (see WithLatency).
		resp.Body.(*body).events.pace(req, ev, start, s.latency)
	}
	return r.aged(req, hit, outcome{resp: resp})
}

// aged sets the Age header of a replayed response to the recording's age
// now (RFC 9111 §5.1), when the settings ask for it (AsHTTPCache).
func (r *Recorder) aged(req *http.Request, hit engine.Hit, o outcome) outcome {
	if !r.set.ages || o.resp == nil {
		return o
	}
	age := r.set.policy.Check(req, hit.Interaction, r.set.now()).Age
	o.resp.Header.Set("Age", strconv.FormatInt(int64(age/time.Second), 10))
	return o
}

// notModified answers the client's own conditional request with 304 Not
// Modified from d's fresh recording: its headers but those that describe a
// body (RFC 9110 §15.4.5), and no body.
func (r *Recorder) notModified(req *http.Request, d decision) outcome {
	o := r.replay(req, d.hit, r.replayInfo(d, false), true)
	if o.resp == nil {
		return o
	}
	resp := o.resp
	resp.StatusCode, resp.Status = http.StatusNotModified, "304 Not Modified"
	for _, k := range []string{"Content-Length", "Content-Type", "Content-Encoding", "Content-Range", "Transfer-Encoding"} {
		delete(resp.Header, k)
	}
	resp.ContentLength = 0
	b := resp.Body.(*body)
	b.Reset(nil)
	b.events, b.open = nil, nil
	return o
}

// replayInfo is the ResponseInfo of the recording d found.
func (r *Recorder) replayInfo(d decision, stale bool) ResponseInfo {
	return ResponseInfo{FromCassette: true, RecordedAt: d.hit.Interaction.RecordedAt, ExpiresAt: d.verdict.ExpiresAt, Stale: stale}
}

// respondFresh builds the response a client gets for what the network just
// answered: as it came, whatever was stored.
func (r *Recorder) respondFresh(in *cassette.Interaction, req *http.Request, info ResponseInfo) *http.Response {
	return r.respond(engine.NewTemplate(&in.Response), req, info)
}

// respond builds the *http.Response a client gets from t, byte for byte
// what was recorded: status, headers, body and trailers. Its body carries
// info, for Info. A body in a body file is read from the file as the
// client reads it; the file is opened at the first Read.
func (r *Recorder) respond(t *engine.Template, req *http.Request, info ResponseInfo) *http.Response {
	b := &body{info: info}
	if rs := t.BodyFile(); rs != nil {
		fsys, path := r.set.fs, r.set.path
		b.open = func() (io.ReadCloser, error) { return cassette.OpenBody(fsys, path, rs) }
		return t.Response(req, b)
	}
	b.Reset(t.Body())
	if ev := t.Events(); ev != nil {
		b.events = newEvents(ev)
	}
	return t.Response(req, b)
}

// body is the Body of every response a Recorder builds: the recorded bytes,
// and what Info reports about them. One allocation holds both.
type body struct {
	bytes.Reader
	info ResponseInfo
	// events, for a text/event-stream, makes Read return one event at a
	// time; nil otherwise.
	events *events
	// For a body in a body file, open opens it at the first Read, and
	// file is what it opened, or an error reader.
	open func() (io.ReadCloser, error)
	file io.ReadCloser
}

// Read reads the body, one event at a time for a text/event-stream.
func (b *body) Read(p []byte) (int, error) {
	if b.open != nil || b.file != nil {
		return b.readFile(p)
	}
	if b.events == nil {
		return b.Reader.Read(p)
	}
	return b.events.read(&b.Reader, p)
}

// WriteTo writes the rest of the body to w, event by event for a
// text/event-stream, so that io.Copy sees them as Read does.
func (b *body) WriteTo(w io.Writer) (int64, error) {
	if b.open != nil || b.file != nil {
		return io.Copy(w, readerFunc(b.readFile))
	}
	if b.events == nil {
		return b.Reader.WriteTo(w)
	}
	return b.events.writeTo(&b.Reader, w)
}

// readFile reads the body file, opening it first.
func (b *body) readFile(p []byte) (int, error) {
	if b.file == nil {
		f, err := b.open()
		b.open = nil
		if err != nil {
			b.file = io.NopCloser(errReader{err})
		} else {
			b.file = f
		}
	}
	return b.file.Read(p)
}

type readerFunc func(p []byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// errReader is a body whose every Read fails with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// Close closes the body file, if one is open; the other bodies are in
// memory.
func (b *body) Close() error {
	b.open = nil
	if b.file != nil {
		return b.file.Close()
	}
	return nil
}
