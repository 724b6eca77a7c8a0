package expiry

import (
	"net/http"
	"testing"
)

func TestNotModified(t *testing.T) {
	in := recorded("https://example.com/a", "Etag", `W/"x"`, "Last-Modified", "Thu, 18 Aug 2050 02:01:18 GMT")
	tests := []struct {
		name string
		kv   []string
		want bool
	}{
		{"no validators", nil, false},
		{"weak match", []string{"If-None-Match", `"x"`}, true},
		{"in a list", []string{"If-None-Match", `"a", W/"x"`}, true},
		{"star", []string{"If-None-Match", "*"}, true},
		{"other tag", []string{"If-None-Match", `"y"`}, false},
		{"tag wins over date", []string{"If-None-Match", `"y"`, "If-Modified-Since", "Fri, 19 Aug 2050 02:01:18 GMT"}, false},
		{"since later", []string{"If-Modified-Since", "Fri, 19 Aug 2050 02:01:18 GMT"}, true},
		{"since equal", []string{"If-Modified-Since", "Thu, 18 Aug 2050 02:01:18 GMT"}, true},
		{"since earlier", []string{"If-Modified-Since", "Wed, 17 Aug 2050 02:01:18 GMT"}, false},
		{"since invalid", []string{"If-Modified-Since", "yesterday"}, false},
	}
	for _, tc := range tests {
		req := live(t, "https://example.com/a", tc.kv...)
		if got := NotModified(req, in); got != tc.want {
			t.Errorf("%s: NotModified = %v, want %v", tc.name, got, tc.want)
		}
	}
	dated := recorded("https://example.com/b", "Date", "Thu, 18 Aug 2050 02:01:18 GMT")
	if !NotModified(live(t, "https://example.com/b", "If-Modified-Since", "Thu, 18 Aug 2050 02:01:18 GMT"), dated) {
		t.Error("without Last-Modified, the Date counts")
	}
	if NotModified(live(t, "https://example.com/b", "If-Modified-Since", "Thu, 18 Aug 2050 02:01:17 GMT"), dated) {
		t.Error("a Date after If-Modified-Since is modified")
	}
	post := live(t, "https://example.com/a", "If-None-Match", "*")
	post.Method = http.MethodPost
	if NotModified(post, in) {
		t.Error("a POST is never answered 304")
	}
}
