package match

import (
	"net/http"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// presigned is an S3 presigned GET as the AWS SDK for Go v2 writes it, at
// date with signature sig.
func presigned(date, sig string) *cassette.Request {
	return &cassette.Request{Method: "GET", URL: "https://127.0.0.1:4443/bucket/photos/cat.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
		"&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=" + date +
		"&X-Amz-Expires=900&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE&X-Amz-SignedHeaders=host&x-id=GetObject&X-Amz-Signature=" + sig}
}

func TestURLLeavesOutSigningParams(t *testing.T) {
	recorded := presigned("20260501T120000Z", "aaaa")
	tests := []struct {
		name string
		live *cassette.Request
		m    Keyer
		want string // "" for a match
	}{
		{"another date and signature", presigned("20260501T120007Z", "bbbb"), URL(), ""},
		{"under Default", presigned("20260502T000000Z", "cccc"), Default(), ""},
		{"lower-case names", &cassette.Request{Method: "GET", URL: "https://127.0.0.1:4443/bucket/photos/cat.jpg?x-amz-algorithm=AWS4-HMAC-SHA256&x-id=GetObject&x-amz-signature=dd"}, URL(), ""},
		{"another object", &cassette.Request{Method: "GET", URL: "https://127.0.0.1:4443/bucket/photos/dog.jpg?x-id=GetObject&X-Amz-Signature=aaaa"}, URL(),
			`url differs: url path: recorded "/bucket/photos/cat.jpg", live "/bucket/photos/dog.jpg"`},
		{"another ordinary parameter", &cassette.Request{Method: "GET", URL: "https://127.0.0.1:4443/bucket/photos/cat.jpg?x-id=PutObject"}, URL(),
			`url differs: query x-id: recorded "GetObject", live "PutObject"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Match(tt.live, recorded)
			if tt.want == "" {
				assert.NilError(t, err)
				assert.Equal(t, key(tt.m, tt.live), key(tt.m, recorded))
			} else {
				assert.Error(t, Explain(err)[len(Explain(err))-1], tt.want)
			}
		})
	}
}

func TestIgnoreParamsNamesAVolatileParameterOnce(t *testing.T) {
	a := &cassette.Request{Method: "GET", URL: "https://api.example.com/feed?ts=1714560000&page=2#top"}
	b := &cassette.Request{Method: "GET", URL: "https://api.example.com/feed?page=2&ts=1714560099#top"}
	assert.ErrorContains(t, Default().Match(a, b), "query ts")
	m := Default(IgnoreParams("ts"))
	assert.NilError(t, m.Match(a, b))
	assert.Equal(t, key(m, a), key(m, b))
	// Names compare exactly, as in Query.
	c := &cassette.Request{Method: "GET", URL: "https://api.example.com/feed?TS=5&page=2#top"}
	assert.ErrorContains(t, m.Match(c, b), "query TS")
}

func TestStripParams(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://h/p", "https://h/p"},
		{"https://h/p?", "https://h/p?"},
		{"https://h/p?a=1&b=2", "https://h/p?a=1&b=2"},
		{"https://h/p?X-Amz-Date=1&a=1&X-Amz-Signature=2", "https://h/p?a=1"},
		{"https://h/p?X-Amz-Date=1", "https://h/p"},
		{"https://h/p?a=1&X-Amz%2DDate=1#frag", "https://h/p?a=1#frag"},
		{"https://h/p?X-Amz-Dates=1&X-Amz-Meta=2", "https://h/p?X-Amz-Dates=1&X-Amz-Meta=2"},
		{"https://h/p?X-Goog-Credential=x&X-Goog-Security-Token=y&z", "https://h/p?z"},
	}
	for _, tt := range tests {
		assert.Equal(t, stripParams(tt.in, nil), tt.want, tt.in)
	}
	assert.Equal(t, len(SigningParams()), 14)
	for _, name := range SigningParams() {
		assert.Assert(t, isSigningParam(name), name)
	}
}

func TestStripParamsDoesNotAllocate(t *testing.T) {
	u := "https://api.example.com/items/42?expand=owner&page=3"
	if n := testing.AllocsPerRun(100, func() { _ = stripParams(u, nil) }); n != 0 {
		t.Errorf("stripParams allocates %v times for a URL with nothing to leave out", n)
	}
}

func TestJSONMediaTypes(t *testing.T) {
	tests := []struct {
		ct   string
		want kind
	}{
		{"application/json", kindJSON},
		{"application/x-amz-json-1.0", kindJSON},
		{"application/x-amz-json-1.1", kindJSON},
		{"application/vnd.api+json", kindJSON},
		{"application/problem+json; charset=utf-8", kindJSON},
		{"text/json", kindJSON},
		{"application/x-ndjson", kindBytes},
		{"application/jsonl", kindBytes},
		{"text/plain", kindBytes},
		{"application/octet-stream", kindBytes},
	}
	for _, tt := range tests {
		r := &cassette.Request{Headers: http.Header{"Content-Type": {tt.ct}}, Body: []byte(`{"a":1}`)}
		assert.Equal(t, contentKind(r), tt.want, tt.ct)
	}
	// DynamoDB's SDK writes map attributes in random order.
	h := http.Header{"Content-Type": {"application/x-amz-json-1.0"}}
	a := &cassette.Request{Method: "POST", URL: "https://dynamodb/", Headers: h, Body: []byte(`{"TableName":"t","Item":{"pk":{"S":"1"},"n":{"N":"2"}}}`)}
	b := &cassette.Request{Method: "POST", URL: "https://dynamodb/", Headers: h, Body: []byte(`{"Item":{"n":{"N":"2"},"pk":{"S":"1"}},"TableName":"t"}`)}
	assert.NilError(t, Default().Match(a, b))
}
