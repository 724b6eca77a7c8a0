package expiry

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// recordedAt is when the test interactions were recorded.
var recordedAt = time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)

const testURL = "https://api.example.com/users/1"

// recorded returns an interaction for GET url recorded at recordedAt,
// whose response has the given headers (key, value pairs).
func recorded(url string, kv ...string) *cassette.Interaction {
	return &cassette.Interaction{
		RecordedAt: recordedAt,
		Request:    cassette.Request{Method: http.MethodGet, URL: url, Headers: http.Header{}},
		Response: cassette.Response{
			Status:  "200 OK",
			Code:    200,
			Proto:   "HTTP/1.1",
			Headers: headers(kv...),
			Body:    []byte(`{"id":1}`),
		},
	}
}

// live returns a live GET request for url with the given headers.
func live(t testing.TB, url string, kv ...string) *http.Request {
	t.Helper()
	return liveCtx(t, context.Background(), url, kv...)
}

// liveCtx is live with a context (for WithExpiration).
func liveCtx(t testing.TB, ctx context.Context, url string, kv ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("new request %s: %v", url, err)
	}
	req.Header = headers(kv...)
	return req
}

// headers builds a header from key, value pairs; a repeated key adds a
// field line.
func headers(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}
