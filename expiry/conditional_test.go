package expiry

import (
	"net/http"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

func TestConditional(t *testing.T) {
	const lm = "Sun, 22 Nov 2026 18:00:00 GMT"
	tests := []struct {
		name    string
		headers http.Header
		want    http.Header
	}{
		{name: "no validators", headers: http.Header{"Content-Type": {"application/json"}}},
		{name: "no headers at all"},
		{name: "ETag", headers: http.Header{"Etag": {`"v1"`}}, want: http.Header{"If-None-Match": {`"v1"`}}},
		{name: "weak ETag sent as is", headers: http.Header{"Etag": {`W/"v1"`}}, want: http.Header{"If-None-Match": {`W/"v1"`}}},
		{name: "ETag with spaces trimmed", headers: http.Header{"Etag": {` "v1" `}}, want: http.Header{"If-None-Match": {`"v1"`}}},
		{name: "empty ETag ignored", headers: http.Header{"Etag": {""}}},
		{name: "Last-Modified", headers: http.Header{"Last-Modified": {lm}}, want: http.Header{"If-Modified-Since": {lm}}},
		{name: "Last-Modified in asctime form kept as recorded", headers: http.Header{"Last-Modified": {"Sun Nov 22 18:00:00 2026"}},
			want: http.Header{"If-Modified-Since": {"Sun Nov 22 18:00:00 2026"}}},
		{name: "invalid Last-Modified skipped", headers: http.Header{"Last-Modified": {"yesterday"}}},
		{name: "both", headers: http.Header{"Etag": {`"v1"`}, "Last-Modified": {lm}},
			want: http.Header{"If-None-Match": {`"v1"`}, "If-Modified-Since": {lm}}},
		{name: "ETag plus invalid Last-Modified", headers: http.Header{"Etag": {`"v1"`}, "Last-Modified": {"0"}},
			want: http.Header{"If-None-Match": {`"v1"`}}},
		{name: "hand-written lower-case keys", headers: http.Header{"etag": {`"v1"`}, "last-modified": {lm}},
			want: http.Header{"If-None-Match": {`"v1"`}, "If-Modified-Since": {lm}}},
		{name: "first ETag counts", headers: http.Header{"Etag": {`"v1"`, `"v2"`}}, want: http.Header{"If-None-Match": {`"v1"`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := &cassette.Interaction{Response: cassette.Response{Headers: tc.headers}}
			assert.DeepEqual(t, Conditional(in), tc.want)
		})
	}
}
