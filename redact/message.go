package redact

import (
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// Request returns a redacted copy of req; req is not modified. The recorder
// applies it to every request before it is stored, and to a live request
// that matches no recording as it was sent, so that a live request whose
// secrets differ from the recorded ones (a rotated token, another password)
// still matches.
//
// The copy has its own Headers; its Body is req.Body itself when no filter
// changed it, so treat both bodies as read-only.
func (r *Redactor) Request(req cassette.Request) cassette.Request {
	out := req
	out.URL = r.redactURL(req.URL)
	out.Headers = r.redactHeader(req.Headers)
	out.Body = r.redactBody(req.Headers, req.Body)
	fixContentLength(out.Headers, req.Body, out.Body)
	return out
}

// Response returns a redacted copy of resp; resp is not modified. Headers and
// trailers are redacted like request headers (Set-Cookie keeps the cookie's
// name and attributes); the body filters see the decoded body and the result
// is encoded again as Content-Encoding says, with Content-Length updated.
//
// The copy has its own Headers and Trailers; its Body is resp.Body itself
// when no filter changed it.
func (r *Redactor) Response(resp cassette.Response) cassette.Response {
	out := resp
	out.Headers = r.redactHeader(resp.Headers)
	out.Trailers = r.redactHeader(resp.Trailers)
	out.Body = r.redactBody(resp.Headers, resp.Body)
	fixContentLength(out.Headers, resp.Body, out.Body)
	return out
}

// Restore returns a copy of a recorded response with each Secret's
// placeholder replaced by the value its function returns now, in header
// values, trailers and the (decoded, then re-encoded) body. The recorder calls
// it on a replayed response before handing it to the client, so the test sees
// real-looking values. Placeholders of Pattern filters without a Secret of the
// same name, and Placeholder itself, stay as recorded.
func (r *Redactor) Restore(resp cassette.Response) cassette.Response {
	if len(r.secrets) == 0 {
		return resp
	}
	out := resp
	out.Headers = r.restoreHeader(resp.Headers)
	out.Trailers = r.restoreHeader(resp.Trailers)
	out.Body = transformBody(resp.Headers, resp.Body, func(b []byte) []byte {
		if isXML(resp.Headers, b) {
			return []byte(r.restoreTextAs(string(b), xmlText))
		}
		return []byte(r.restoreText(string(b)))
	})
	fixContentLength(out.Headers, resp.Body, out.Body)
	return out
}

func (r *Redactor) restoreHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := h.Clone()
	for _, values := range out {
		for i, v := range values {
			values[i] = r.restoreText(v)
		}
	}
	return out
}
