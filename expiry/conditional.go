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
// skipped, since a server must ignore it (RFC 9110 §13.1.3). in must not
// be nil.
func Conditional(in *cassette.Interaction) http.Header {
	etag, lastModified := validators(in)
	if etag == "" && lastModified == "" {
		return nil
	}
	h := http.Header{}
	if etag != "" {
		h["If-None-Match"] = []string{etag}
	}
	if lastModified != "" {
		h["If-Modified-Since"] = []string{lastModified}
	}
	return h
}

// validators returns the response's ETag and its Last-Modified when that is
// a valid HTTP date; "" for each one it lacks.
func validators(in *cassette.Interaction) (etag, lastModified string) {
	etag, _ = firstValue(in.Response.Headers, "Etag")
	if lm, ok := firstValue(in.Response.Headers, "Last-Modified"); ok {
		if _, err := http.ParseTime(lm); err == nil {
			lastModified = lm
		}
	}
	return etag, lastModified
}
