package recorder

import (
	"bytes"
	"crypto/tls"
	"io"
	"net/http"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/engine"
)

// fetch sends req (whose body was read into live.Body) to the real
// transport, with the extra headers added to the copy that goes out, and
// returns the interaction to record: the request as the caller made it
// (without the extra headers) and the response as it came.
func (r *Recorder) fetch(req *http.Request, live *cassette.Request, extra http.Header) (*cassette.Interaction, *tls.ConnectionState, error) {
	x, err := r.send(req, live, extra)
	if err != nil {
		return nil, nil, err
	}
	return x.Fetched()
}

// send is fetch up to the head of the response: its body is still to be
// read.
func (r *Recorder) send(req *http.Request, live *cassette.Request, extra http.Header) (*engine.Exchange, error) {
	out := outgoing(req, live.Body)
	if len(extra) > 0 {
		if out == req {
			out = req.Clone(req.Context())
		}
		if out.Header == nil {
			out.Header = make(http.Header, len(extra))
		}
		for k, v := range extra {
			out.Header[k] = v
		}
	}
	recorded := cassette.Request{Method: live.Method, URL: live.URL, Headers: req.Header.Clone(), Body: live.Body}
	return engine.Send(r.set.transport, out, recorded, r.set.now)
}

// readBody reads and closes req.Body, as a RoundTripper must.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(req.Body)
	if len(b) == 0 {
		b = nil
	}
	return b, err
}

// outgoing is req with its body (already read) ready to be sent again. A
// RoundTripper must not change the request it was given, so it is a copy;
// a request that never had a body is sent as it is.
func outgoing(req *http.Request, body []byte) *http.Request {
	if req.Body == nil && body == nil {
		return req
	}
	out := req.Clone(req.Context())
	if body == nil {
		out.Body = nil
		if req.Body != nil {
			out.Body = http.NoBody
		}
		return out
	}
	out.ContentLength = int64(len(body))
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return out
}
