package match

import (
	"hash/maphash"
	"net/http"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func req(method, url, contentType, body string) *cassette.Request {
	r := &cassette.Request{Method: method, URL: url}
	if contentType != "" {
		r.Headers = http.Header{"Content-Type": {contentType}}
	}
	if body != "" {
		r.Body = []byte(body)
	}
	return r
}

func TestDefault(t *testing.T) {
	const u = "https://api.example.com/repos?page=1"
	for _, tc := range []struct {
		name     string
		live     *cassette.Request
		recorded *cassette.Request
		want     []Difference // nil: match
	}{
		{name: "same", live: req("GET", u, "", ""), recorded: req("GET", u, "", "")},
		{name: "empty-method-is-GET", live: req("", u, "", ""), recorded: req("GET", u, "", "")},
		{name: "method", live: req("POST", u, "", ""), recorded: req("GET", u, "", ""),
			want: []Difference{{Path: "method", Recorded: `"GET"`, Live: `"POST"`}}},
		{name: "query", live: req("GET", "https://api.example.com/repos?page=2", "", ""), recorded: req("GET", u, "", ""),
			want: []Difference{{Path: "query page", Recorded: `"1"`, Live: `"2"`}}},
		{name: "query-added", live: req("GET", u+"&ts=9", "", ""), recorded: req("GET", u, "", ""),
			want: []Difference{{Path: "query ts", Recorded: "(absent)", Live: `"9"`}}},
		{name: "query-order", live: req("GET", "https://h/p?a=1&b=2", "", ""), recorded: req("GET", "https://h/p?b=2&a=1", "", ""),
			want: []Difference{{Path: "url query order", Recorded: `"b=2&a=1"`, Live: `"a=1&b=2"`}}},
		{name: "host-and-path", live: req("GET", "https://b.example/x", "", ""), recorded: req("GET", "https://a.example/y", "", ""),
			want: []Difference{{Path: "url host", Recorded: `"a.example"`, Live: `"b.example"`}, {Path: "url path", Recorded: `"/y"`, Live: `"/x"`}}},
		{name: "json-key-order-and-space", live: req("POST", u, "application/json", `{ "b": [1,2], "a": 1 }`),
			recorded: req("POST", u, "application/json", `{"a":1,"b":[1,2]}`)},
		{name: "json-no-content-type", live: req("POST", u, "", `{ "b": [1,2], "a": 1 }`),
			recorded: req("POST", u, "", `{"a":1,"b":[1,2]}`)},
		{name: "json-field", live: req("POST", u, "application/json", `{"a":2,"b":[1,2]}`),
			recorded: req("POST", u, "application/json", `{"a":1,"b":[1,2]}`),
			want:     []Difference{{Path: "body $.a", Recorded: "1", Live: "2"}}},
		{name: "json-nested-and-missing", live: req("POST", u, "application/vnd.api+json", `{"o":{"x":[1,3]},"new":true}`),
			recorded: req("POST", u, "application/vnd.api+json", `{"o":{"x":[1,2]}}`),
			want:     []Difference{{Path: "body $.new", Recorded: "(absent)", Live: "true"}, {Path: "body $.o.x[1]", Recorded: "2", Live: "3"}}},
		{name: "text-body", live: req("POST", u, "text/plain", "hello world"), recorded: req("POST", u, "text/plain", "hello there"),
			want: []Difference{{Path: "body (from byte 6)", Recorded: `…"there"`, Live: `…"world"`}}},
		{name: "binary-body", live: req("POST", u, "application/octet-stream", "\xff\x00\x01"), recorded: req("POST", u, "application/octet-stream", "\xff\x00\x02"),
			want: []Difference{{Path: "body (from byte 2)", Recorded: "(3 bytes of binary)", Live: "(3 bytes of binary)"}}},
		{name: "absent-equals-empty", live: &cassette.Request{Method: "GET", URL: u, Body: []byte{}}, recorded: req("GET", u, "", "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Default()
			err := m.Match(tc.live, tc.recorded)
			var got []Difference
			for _, mm := range Explain(err) {
				got = append(got, mm.Differences...)
			}
			assert.DeepEqual(t, got, tc.want)
			if tc.want == nil {
				// Requests that match must have equal keys.
				assert.Equal(t, key(m, tc.live), key(m, tc.recorded))
			}
		})
	}
}

var seed = maphash.MakeSeed()

func key(m Matcher, r *cassette.Request) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	m.(Keyer).Key(r, &h)
	return h.Sum64()
}

func TestKeysDifferForDifferentRequests(t *testing.T) {
	m := Default()
	a := key(m, req("GET", "https://h/a", "", ""))
	assert.Assert(t, a != key(m, req("GET", "https://h/b", "", "")))
	assert.Assert(t, a != key(m, req("POST", "https://h/a", "", "")))
	assert.Assert(t, key(m, req("POST", "https://h/a", "application/json", `{"a":1}`)) !=
		key(m, req("POST", "https://h/a", "application/json", `{"a":2}`)))
}

func TestAllNamesEachFailingMatcher(t *testing.T) {
	err := Default().Match(req("POST", "https://h/b", "", "x"), req("GET", "https://h/a", "", "y"))
	ms := Explain(err)
	var names []string
	for _, m := range ms {
		names = append(names, m.Matcher)
	}
	assert.DeepEqual(t, names, []string{"method", "url", "body"})
	assert.Error(t, err, `method differs: method: recorded "GET", live "POST"
url differs: url path: recorded "/a", live "/b"
body differs: body: recorded "y", live "x"`)
}

type plainMatcher struct{}

func (plainMatcher) Match(live, recorded *cassette.Request) error {
	if live.URL != recorded.URL {
		return errString("urls differ")
	}
	return nil
}

type errString string

func (e errString) Error() string { return string(e) }

func TestExplainPlainError(t *testing.T) {
	ms := Explain(All(plainMatcher{}).Match(req("GET", "a", "", ""), req("GET", "b", "", "")))
	assert.DeepEqual(t, ms, Mismatches{{Matcher: "urls differ"}})
	// All is always a Keyer; with no keyed parts every key is equal.
	assert.Equal(t, key(All(plainMatcher{}), req("GET", "a", "", "")), key(All(plainMatcher{}), req("POST", "b", "", "")))
}
