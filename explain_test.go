package recorder

import (
	"net/http"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

func explainCassette() *cassette.Cassette {
	get := func(url string, line int) *cassette.Interaction {
		return &cassette.Interaction{Line: line, Request: cassette.Request{Method: "GET", URL: url}, Response: cassette.Response{Code: 200}}
	}
	return &cassette.Cassette{Interactions: []*cassette.Interaction{
		get("https://api.example.com/users/7", 3),
		get("https://api.example.com/users/8", 10),
		get("https://api.example.com/hello", 17),
		get("https://api.example.com/users/8", 24),
		get("https://api.example.com/search?key=REDACTED&q=go", 31),
	}}
}

func TestExplain(t *testing.T) {
	c := explainCassette()
	x, err := Explain(c, &cassette.Request{Method: "GET", URL: "https://api.example.com/users/8"})
	assert.NilError(t, err)
	assert.Equal(t, x.Match, 1)
	var order []int
	for _, cand := range x.Candidates {
		order = append(order, cand.Index)
	}
	assert.DeepEqual(t, order, []int{1, 3, 0, 2, 4})
	assert.Equal(t, x.String(), `request: GET https://api.example.com/users/8
#2 (line 10) GET https://api.example.com/users/8: matches, and answers the request
#4 (line 24) GET https://api.example.com/users/8: matches too, and answers the next identical request
#1 (line 3) GET https://api.example.com/users/7: does not match: url differs
    url path: recorded "/users/7", request "/users/8"
#3 (line 17) GET https://api.example.com/hello: does not match: url differs
    url path: recorded "/hello", request "/users/8"
#5 (line 31) GET https://api.example.com/search?key=REDACTED&q=go: does not match: url differs
    url path: recorded "/search", request "/users/8"
    query key: recorded "REDACTED", request (absent)
    query q: recorded "go", request (absent)
`)
	assert.Equal(t, c.Interactions[1].Request.URL, "https://api.example.com/users/8", "the cassette must not change")
}

func TestExplainRedactsLikeReplay(t *testing.T) {
	req := &cassette.Request{Method: "GET", URL: "https://api.example.com/search?key=s3cret&q=go"}
	x, err := Explain(explainCassette(), req, WithRedaction(redact.QueryParam("key")))
	assert.NilError(t, err)
	assert.Equal(t, x.Match, 4)
	assert.Equal(t, x.Request.URL, "https://api.example.com/search?key=REDACTED&q=go")
	assert.Equal(t, req.URL, "https://api.example.com/search?key=s3cret&q=go", "the request must not change")
}

func TestExplainWithMatcherAndNoMatch(t *testing.T) {
	m := match.All(match.Method(), match.Path(), match.Headers("Accept"))
	req := &cassette.Request{Method: "GET", URL: "https://api.example.com/users/9", Headers: http.Header{"Accept": {"application/json"}}}
	x, err := Explain(explainCassette(), req, WithMatcher(m))
	assert.NilError(t, err)
	assert.Equal(t, x.Match, -1)
	assert.Equal(t, x.Candidates[0].Index, 0) // /users/7: one character from /users/9
	assert.DeepEqual(t, x.Headers, []string{"Accept"})
	out := x.String()
	assert.Assert(t, len(out) > 0)
	assert.Equal(t, out[:len("request: GET https://api.example.com/users/9\n  Accept: application/json\nno interaction matches; the closest first:\n")],
		"request: GET https://api.example.com/users/9\n  Accept: application/json\nno interaction matches; the closest first:\n")

	_, err = Explain(explainCassette(), req, WithRedaction(redact.Pattern(nil, "x")))
	assert.ErrorContains(t, err, "tapedeck: Explain: WithRedaction: redact: Pattern(nil")
	x, err = Explain(&cassette.Cassette{}, req)
	assert.NilError(t, err)
	assert.Equal(t, x.String(), "request: GET https://api.example.com/users/9\nthe cassette has no interactions\n")
}
