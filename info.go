package recorder

import (
	"net/http"
	"time"
)

// ResponseInfo says where a response from a Recorder came from and how
// fresh it is: what aiohttp-client-cache and requests-cache expose as
// from_cache, created_at, expires and is_expired. Info returns it.
type ResponseInfo struct {
	// FromCassette reports whether the response was replayed from the
	// cassette rather than received from the network by this request. A
	// response the server confirmed with 304 Not Modified is from the
	// cassette (and Revalidated).
	FromCassette bool

	// Revalidated reports whether this request refreshed a stale recording
	// with a conditional request (If-None-Match / If-Modified-Since) and
	// the server answered 304 Not Modified, so the recorded response was
	// kept and only its recording time moved.
	Revalidated bool

	// RecordedAt is when the response was recorded (UTC, whole seconds),
	// or the zero time when it was received but not written to the
	// cassette (the policy or the cache preset does not store it).
	RecordedAt time.Time

	// ExpiresAt is when the recording stops (or stopped) being fresh under
	// the expiry policy; the zero time when it never expires, which is
	// always the case without WithExpiry or AsCache.
	ExpiresAt time.Time

	// Stale reports whether a stale recording was replayed: the strategy
	// is StaleWarn or StaleFail, a refresh was not allowed, or a refresh
	// failed and the recording was served instead (stale-if-error).
	Stale bool
}

// Info returns what a Recorder knows about a response it returned. ok is
// false for a response the Recorder did not build: one it passed through
// untouched (ModePassthrough, a do-not-record request, a method the cache
// preset does not store), or one whose Body something replaced on the way,
// as an http.Client with a Timeout does (set deadlines with the request's
// context instead). Info may be called before or after the body is read
// and closed; for a response recorded as the client reads it (a stream, a
// body of unknown length or a large one), RecordedAt and ExpiresAt are
// set once the body has been read to its end.
func Info(resp *http.Response) (info ResponseInfo, ok bool) {
	if resp == nil {
		return ResponseInfo{}, false
	}
	switch b := resp.Body.(type) {
	case *body:
		return b.info, true
	case *tee:
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.info, true
	}
	return ResponseInfo{}, false
}
