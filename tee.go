package recorder

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
)

// DefaultBodyFileThreshold is the size above which a recorded response
// body is written to a body file beside the cassette unless WithBodyFiles
// says otherwise: 1 MiB.
const DefaultBodyFileThreshold = 1 << 20

// bodyConfig is what WithBodyFiles sets.
type bodyConfig struct {
	bodyFiles    int64 // bodies larger than this go to body files; <= 0: none do
	bodyFilesSet bool
}

// WithBodyFiles sets the size in bytes above which a response body being
// recorded is written to a body file beside the cassette (see the
// cassette package's "Body files": fixtures/x.yaml keeps them in
// fixtures/x.bodies/) instead of into the cassette. Without the option it
// is DefaultBodyFileThreshold, 1 MiB; 0 or less keeps every body in the
// cassette, and in memory while recording.
//
// A body that goes to a body file is never held in memory: while it is
// recorded, the client reads it as it arrives and each piece is written to
// the file on the way; on replay it is read from the file as the client
// reads it. It is stored exactly as it came, without redaction, which
// needs the whole body; the secret scan before the save reads the file
// (whole up to 64 MiB for a JSON, XML or form body, else a MiB at a time
// as text, see redact.Redactor.ScanBody), and a finding refuses the save
// as for any other body. Raise the threshold to redact such a body.
//
// With WithStore, bodies go into the store, whatever their size: the
// option is ignored.
func WithBodyFiles(threshold int64) Option {
	return func(c *config) error {
		c.bodyFiles, c.bodyFilesSet = threshold, true
		return nil
	}
}

// streams reports whether the response to a request being recorded goes
// to the client as it arrives, through a tee, rather than after it has
// been read whole: an event stream, a body of unknown length, or one
// larger than the body-file threshold. A small body of known length is
// read whole first, so that every failure to record it is RoundTrip's
// error.
func (s *settings) streams(resp *http.Response) bool {
	return cassette.IsEventStream(resp.Header) || resp.ContentLength < 0 ||
		s.bodyFiles > 0 && resp.ContentLength > s.bodyFiles
}

// A tee is the body of a response being recorded: what the client reads
// comes from the network as it arrives, and is kept on the way, in memory
// up to the body-file threshold and in a body file past it. When the
// body has been read to its end the interaction is stored; when the
// client closes it before, or reading it fails, nothing is.
type tee struct {
	r   *Recorder
	req *http.Request
	x   *engine.Exchange
	src io.ReadCloser

	mu   sync.Mutex
	mem  *engine.Capture      // the body while it is small; nil once it is in file
	file *cassette.BodyWriter // the body once it outgrew the threshold
	n    int64                // bytes read
	// lost is why the body cannot be recorded any more, though the
	// client may read on (a body file that could not be written).
	lost error
	done bool
	// reading counts the Reads waiting for the network: Close does not
	// read on while one is (it closes the body under it instead).
	reading int
	info    ResponseInfo
	err     error // what the end of the body returns: a failure to store it
}

// tee hands the client x's response as it arrives, recording it on the way.
func (r *Recorder) tee(req *http.Request, x *engine.Exchange) outcome {
	t := &tee{r: r, req: req, x: x, src: x.Resp.Body, mem: engine.NewCapture(x.Since, -1)}
	if !r.track(t) {
		x.Resp.Body.Close()
		r.eng.End(nil, 0)
		return r.closedOutcome(req)
	}
	resp := *x.Resp
	resp.Body = t
	resp.Header = x.Resp.Header.Clone()
	resp.Request = req
	return outcome{resp: &resp}
}

// Read reads the body from the network and keeps what it read.
func (t *tee) Read(p []byte) (int, error) {
	t.mu.Lock()
	t.reading++
	t.mu.Unlock()
	n, err := t.src.Read(p)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reading--
	if t.done {
		return n, err
	}
	if n > 0 {
		t.add(p[:n])
	}
	switch {
	case err == io.EOF:
		if serr := t.finish(nil); serr != nil {
			return n, serr
		}
	case err != nil:
		t.finish(fmt.Errorf("reading it failed after %d bytes: %w", t.n, err))
	}
	return n, err
}

// drainLimit is how much of a body the client closed before its end Close
// reads on, to record it whole: a client that reads only the status, or
// part of a small body, still gets it recorded as before.
const drainLimit = 1 << 20

// Close closes the body. A body closed before its end is read on, up to
// drainLimit more bytes, and recorded when that reaches its end; an event
// stream (which may never end), a longer body, or one whose reading fails
// is not recorded, and the log says why.
func (t *tee) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return t.src.Close()
	}
	before := t.n
	var why error
	if t.reading > 0 {
		why = errors.New("it was closed while a Read was waiting for it")
	} else {
		why = t.drain()
	}
	err := t.src.Close()
	if why == nil {
		if serr := t.finish(nil); serr != nil {
			return serr
		}
		return err
	}
	t.finish(fmt.Errorf("the client closed the body after %d bytes%s (%v); read it to the end to record it", before, t.ofLength(), why))
	return err
}

// drain reads the rest of the body, up to drainLimit bytes, into what is
// kept, and returns why it did not reach the end (nil when it did).
func (t *tee) drain() error {
	if cl := t.x.Resp.ContentLength; cl >= 0 && t.n == cl {
		return nil
	}
	if cassette.IsEventStream(t.x.Resp.Header) {
		return errors.New("an event stream is not read on")
	}
	buf := make([]byte, 32<<10)
	for read := 0; read <= drainLimit; {
		n, err := t.src.Read(buf)
		read += n
		t.add(buf[:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading on failed: %w", err)
		}
	}
	return fmt.Errorf("more than %d bytes were left", drainLimit)
}

func (t *tee) ofLength() string {
	if cl := t.x.Resp.ContentLength; cl >= 0 {
		return fmt.Sprintf(" of %d", cl)
	}
	return ""
}

// add adds p to what is kept of the body, moving it to a body file when
// it outgrows the threshold.
func (t *tee) add(p []byte) {
	t.n += int64(len(p))
	if t.lost != nil {
		return
	}
	s := t.r.set
	if t.file == nil && (s.bodyFiles <= 0 || s.store != nil || int64(t.mem.Len()+len(p)) <= s.bodyFiles) {
		t.mem.Add(p)
		return
	}
	if t.file == nil {
		w, err := cassette.CreateBody(s.fs, s.path)
		if err != nil {
			t.lost = err
			t.mem = nil
			return
		}
		t.file = w
		_, err = w.Write(t.mem.Body())
		t.mem = nil
		if err != nil {
			t.lost = err
			return
		}
	}
	if _, err := t.file.Write(p); err != nil {
		t.lost = err
	}
}

// finish ends the recording: with the body read to its end when why is
// nil, else without it (and a note that says why). It returns what the
// client's last Read or Close returns: an error when the interaction could
// not be stored.
func (t *tee) finish(why error) error {
	t.done = true
	t.r.untrack(t)
	if why == nil && t.lost != nil {
		why = fmt.Errorf("its body could not be kept: %w", t.lost)
	}
	if why != nil {
		if t.file != nil {
			t.file.Abort()
		}
		t.r.eng.End(nil, 0)
		t.r.report(outcome{note: &note{headline: "tapedeck: not recorded:", request: t.r.redacted(&t.x.Request), where: t.r.set.path, detail: why.Error()}})
		return nil
	}
	in := t.x.Interaction(nil, nil, nil)
	if t.file != nil {
		name, size, err := t.file.Commit()
		if err != nil {
			t.r.eng.End(nil, 0)
			return t.fail(fmt.Errorf("tapedeck: %s %s: the body file of the response: %w", t.x.Request.Method, t.x.Request.URL, err))
		}
		in.Response.BodyFile, in.Response.BodySize = name, size
	} else {
		in.Response.Body, in.Response.EventTimes, in.Response.Chunks = t.mem.Result(t.x.Resp.Header, t.x.Resp.ContentLength < 0)
		if len(in.Response.Body) == 0 {
			in.Response.Body = nil
		}
	}
	info, o := t.r.keep(t.req, in, func(in *cassette.Interaction) error { return t.r.eng.End(in, 0) })
	if o.err != nil {
		if t.r.eng.Closed() {
			t.err = o.err // the test may have ended: nothing more reaches it
			return o.err
		}
		return t.fail(o.err)
	}
	t.info = info
	return nil
}

// fail reports err, which the end of the body returns.
func (t *tee) fail(err error) error {
	t.err = err
	t.r.report(outcome{fail: err})
	return err
}

// abandon ends the recording of a body the client has not finished
// reading when the recorder closes.
func (t *tee) abandon() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.done {
		t.finish(fmt.Errorf("the recorder was closed after %d bytes%s of the body had been read", t.n, t.ofLength()))
	}
}

// track notes t as a body being recorded, unless the recorder is closed.
func (r *Recorder) track(t *tee) bool {
	r.teesMu.Lock()
	defer r.teesMu.Unlock()
	if r.teesClosed {
		return false
	}
	if r.tees == nil {
		r.tees = map[*tee]bool{}
	}
	r.tees[t] = true
	return true
}

func (r *Recorder) untrack(t *tee) {
	r.teesMu.Lock()
	delete(r.tees, t)
	r.teesMu.Unlock()
}

// abandonTees ends the recordings of the bodies still being read, for
// Close, and makes later ones fail with the "closed" error.
func (r *Recorder) abandonTees() {
	r.teesMu.Lock()
	r.teesClosed = true
	open := make([]*tee, 0, len(r.tees))
	for t := range r.tees {
		open = append(open, t)
	}
	r.teesMu.Unlock()
	for _, t := range open {
		t.abandon()
	}
}
