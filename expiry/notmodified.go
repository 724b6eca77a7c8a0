package expiry

import (
	"net/http"
	"strings"

	"github.com/tapedeck/recorder/cassette"
)

// NotModified reports whether the conditional request req (If-None-Match,
// else If-Modified-Since) is satisfied by the stored response of in: a
// cache holding a fresh in may answer req with 304 Not Modified itself
// (RFC 9110 §13.1, RFC 9111 §4.3.2). If-None-Match compares entity tags
// weakly, and "*" matches any; If-Modified-Since holds when the stored
// Last-Modified (without one, its Date; without that, when it was
// recorded) is not later than it (RFC 9111 §4.3.2). It is false for a
// request with neither, and for methods other than GET and HEAD.
func NotModified(req *http.Request, in *cassette.Interaction) bool {
	if req == nil || (req.Method != "" && req.Method != http.MethodGet && req.Method != http.MethodHead) {
		return false
	}
	if inm := req.Header.Values("If-None-Match"); len(inm) > 0 {
		etag, ok := firstValue(in.Response.Headers, "Etag")
		if !ok {
			return false
		}
		for _, line := range inm {
			for _, tag := range strings.Split(line, ",") {
				tag = strings.TrimSpace(tag)
				if tag == "*" || weakTag(tag) == weakTag(etag) {
					return true
				}
			}
		}
		return false
	}
	ims, ok := firstValue(req.Header, "If-Modified-Since")
	if !ok {
		return false
	}
	since, valid := parseHTTPDate(ims)
	if !valid {
		return false
	}
	last, ok := firstValue(in.Response.Headers, "Last-Modified")
	if !ok {
		return !responseDate(&in.Response, in.RecordedAt).After(since)
	}
	t, valid := parseHTTPDate(last)
	return valid && !t.After(since)
}

// weakTag is an entity tag without its weakness indicator, for the weak
// comparison (RFC 9110 §8.8.3.2).
func weakTag(tag string) string {
	return strings.TrimPrefix(tag, "W/")
}
