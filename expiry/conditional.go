package expiry

import (
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// Conditional returns the headers that revalidate the recorded interaction
// in with its origin server: If-None-Match with the response's ETag and
// If-Modified-Since with its Last-Modified, each exactly as recorded (RFC
// 9110 §13.1). A server that answers 304 Not Modified confirms the recorded
// response is still current. Conditional returns nil when the response has
// neither validator; a Last-Modified that is not a valid HTTP date is
// skipped, since a server must ignore it (RFC 9110 §13.1.3).
func Conditional(in *cassette.Interaction) http.Header {
	var h http.Header
	if etag, ok := firstValue(in.Response.Headers, "Etag"); ok && etag != "" {
		h = http.Header{"If-None-Match": {etag}}
	}
	if lm, ok := firstValue(in.Response.Headers, "Last-Modified"); ok {
		if _, err := http.ParseTime(lm); err == nil {
			if h == nil {
				h = http.Header{}
			}
			h["If-Modified-Since"] = []string{lm}
		}
	}
	return h
}
