package match

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// withHeader is r with header k: v added.
func withHeader(r *cassette.Request, k, v string) *cassette.Request {
	if r.Headers == nil {
		r.Headers = http.Header{}
	}
	r.Headers.Add(k, v)
	return r
}

// multipartRequest is a POST of a multipart form written with boundary:
// fields in order (name, value), and a JSON file part named "file" when
// file is not empty.
func multipartRequest(t *testing.T, boundary string, file string, fields ...string) *cassette.Request {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	assert.NilError(t, w.SetBoundary(boundary))
	for i := 0; i+1 < len(fields); i += 2 {
		assert.NilError(t, w.WriteField(fields[i], fields[i+1]))
	}
	if file != "" {
		fw, err := w.CreatePart(textproto.MIMEHeader{
			"Content-Disposition": {`form-data; name="file"; filename="a.json"`},
			"Content-Type":        {"application/json"},
		})
		assert.NilError(t, err)
		_, err = fw.Write([]byte(file))
		assert.NilError(t, err)
	}
	assert.NilError(t, w.Close())
	return req("POST", "https://h/upload", w.FormDataContentType(), buf.String())
}

// TestMatchers checks each built-in matcher on pairs that match and pairs
// that do not, and what the Mismatch says.
func TestMatchers(t *testing.T) {
	const u = "https://api.example.com/repos"
	get := func(url string) *cassette.Request { return req("GET", url, "", "") }
	jsonReq := func(body string) *cassette.Request { return req("POST", u, "application/json", body) }
	form := func(body string) *cassette.Request { return req("POST", u, "application/x-www-form-urlencoded", body) }
	for _, tc := range []struct {
		name     string
		m        Matcher
		live     *cassette.Request
		recorded *cassette.Request
		want     []Difference // nil: match
		reason   string       // a Mismatch with this reason and no differences
	}{
		{name: "scheme-case", m: Scheme(), live: get("HTTPS://h/a"), recorded: get("https://h/b")},
		{name: "scheme", m: Scheme(), live: get("http://h/a"), recorded: get("https://h/a"),
			want: []Difference{{Path: "url scheme", Recorded: `"https"`, Live: `"http"`}}},
		{name: "host-case", m: Host(), live: get("https://API.example.com/a"), recorded: get("http://api.example.com/b")},
		{name: "host-port", m: Host(), live: get("https://h:8443/"), recorded: get("https://h/"),
			want: []Difference{{Path: "url host", Recorded: `"h"`, Live: `"h:8443"`}}},
		{name: "host-bad-url", m: Host(), live: get("http://[::1"), recorded: get("http://h/"),
			want: []Difference{{Path: "url host", Recorded: `"h"`, Live: `"http://[::1" (not a valid URL)`}}},
		{name: "path-empty-is-slash", m: Path(), live: get("https://h"), recorded: get("https://other/?q=1")},
		{name: "path", m: Path(), live: get("https://h/v2/repos"), recorded: get("https://h/v1/repos"),
			want: []Difference{{Path: "url path", Recorded: `"/v1/repos"`, Live: `"/v2/repos"`}}},

		{name: "query-order", m: Query(), live: get(u + "?b=2&a=1&a=0"), recorded: get("http://other/x?a=0&a=1&b=2")},
		{name: "query-value", m: Query(), live: get(u + "?page=2&per_page=50"), recorded: get(u + "?per_page=50&page=1"),
			want: []Difference{{Path: "query page", Recorded: `"1"`, Live: `"2"`}}},
		{name: "query-repeated", m: Query(), live: get(u + "?a=1"), recorded: get(u + "?a=1&a=2"),
			want: []Difference{{Path: "query a", Recorded: `["1", "2"]`, Live: `"1"`}}},
		{name: "query-ignored", m: Query(IgnoreParams("ts", "nonce")), live: get(u + "?a=1&ts=9&nonce=x"), recorded: get(u + "?ts=1&a=1")},
		{name: "query-ignored-others-count", m: Query(IgnoreParams("ts")), live: get(u + "?a=1&ts=9&b=2"), recorded: get(u + "?ts=1&a=1"),
			want: []Difference{{Path: "query b", Recorded: "(absent)", Live: `"2"`}}},
		{name: "query-bad", m: Query(), live: get(u + "?a=%zz"), recorded: get(u + "?a=1"),
			want: []Difference{{Path: "query", Recorded: `"a=1"`, Live: `"a=%zz" (does not parse)`}}},

		{name: "headers-selected", m: Headers("accept"), live: withHeader(withHeader(get(u), "Accept", "a/b"), "X-Id", "1"),
			recorded: withHeader(get(u), "Accept", "a/b")},
		{name: "headers-absent", m: Headers("Accept", "X-Version"), live: withHeader(get(u), "Accept", "a/b"),
			recorded: withHeader(withHeader(get(u), "Accept", "a/b"), "X-Version", "2"),
			want:     []Difference{{Path: "header X-Version", Recorded: `"2"`, Live: "(absent)"}}},
		{name: "headers-values-in-order", m: Headers("Accept"), live: withHeader(withHeader(get(u), "Accept", "b"), "Accept", "a"),
			recorded: withHeader(withHeader(get(u), "Accept", "a"), "Accept", "b"),
			want:     []Difference{{Path: "header Accept", Recorded: `["a", "b"]`, Live: `["b", "a"]`}}},
		{name: "headers-all", m: Headers(), live: withHeader(get(u), "X-Id", "2"), recorded: withHeader(get(u), "X-Id", "1"),
			want: []Difference{{Path: "header X-Id", Recorded: `"1"`, Live: `"2"`}}},
		{name: "headers-except", m: HeadersExcept("x-request-id"), live: withHeader(withHeader(get(u), "X-Request-Id", "2"), "Accept", "a"),
			recorded: withHeader(withHeader(get(u), "X-Request-Id", "1"), "Accept", "a")},

		{name: "body-json", m: Body(), live: jsonReq(`{ "b": [1,2], "a": 1 }`), recorded: jsonReq(`{"a":1,"b":[1,2]}`)},
		{name: "body-json-field", m: Body(), live: jsonReq(`{"a":2,"b":[1,2]}`), recorded: jsonReq(`{"a":1,"b":[1,2]}`),
			want: []Difference{{Path: "body $.a", Recorded: "1", Live: "2"}}},
		{name: "body-json-odd-key", m: Body(), live: jsonReq(`{"a b":[{"x":1}]}`), recorded: jsonReq(`{"a b":[{"x":2}]}`),
			want: []Difference{{Path: "body $['a b'][0].x", Recorded: "2", Live: "1"}}},
		{name: "body-form-as-set", m: Body(), live: form("b=2&a=1&a=0"), recorded: form("a=0&b=2&a=1")},
		{name: "body-form-field", m: Body(), live: form("name=x&n=2"), recorded: form("n=1&name=x"),
			want: []Difference{{Path: "body form n", Recorded: `"1"`, Live: `"2"`}}},
		{name: "body-multipart-boundary", m: Body(), live: multipartRequest(t, "live", `{"b":2, "a":1}`, "name", "x"),
			recorded: multipartRequest(t, "recorded", `{"a":1,"b":2}`, "name", "x")},
		{name: "body-read-as", m: Body(), live: req("POST", u, "text/plain", `{"a":1}`), recorded: jsonReq(`{"a":1}`),
			want: []Difference{{Path: "body read as", Recorded: `JSON (Content-Type "application/json")`, Live: `bytes (Content-Type "text/plain")`}}},
		{name: "body-invalid-json", m: Body(), live: jsonReq(`{"a":`), recorded: jsonReq(`{"a":1}`),
			want: []Difference{{Path: "body read as", Recorded: `JSON (Content-Type "application/json")`, Live: `bytes, not valid JSON (Content-Type "application/json")`}}},
		{name: "body-empty", m: Body(), live: req("POST", u, "application/json", ""), recorded: jsonReq(`{"a":1}`),
			want: []Difference{{Path: "body", Recorded: `"{\"a\":1}"`, Live: "(empty)"}}},
		{name: "body-prefix", m: Body(), live: req("POST", u, "text/plain", "hello world"), recorded: req("POST", u, "text/plain", "hello"),
			want: []Difference{{Path: "body (from byte 5)", Recorded: "(nothing more)", Live: `…" world"`}}},

		{name: "exact-body", m: ExactBody(), live: jsonReq(`{"a":1}`), recorded: req("POST", u, "text/plain", `{"a":1}`)},
		{name: "exact-body-json-order", m: ExactBody(), live: jsonReq(`{"b":1,"a":1}`), recorded: jsonReq(`{"a":1,"b":1}`),
			want: []Difference{{Path: "body (from byte 2)", Recorded: `…"a\":1,\"b\":1}"`, Live: `…"b\":1,\"a\":1}"`}}},

		{name: "json-any-content-type", m: JSON(), live: req("POST", u, "text/plain", ` {"a": 1}`), recorded: req("POST", u, "", `{"a":1}`)},
		{name: "json-numbers-as-written", m: JSON(), live: jsonReq(`{"a":1.0}`), recorded: jsonReq(`{"a":1}`),
			want: []Difference{{Path: "body $.a", Recorded: "1", Live: "1.0"}}},
		{name: "json-ignore-paths", m: JSON(IgnorePaths("$.id", "$.items[*].created_at")),
			live:     jsonReq(`{"id":7,"items":[{"v":1,"created_at":"t2"},{"v":2,"created_at":"t3"}]}`),
			recorded: jsonReq(`{"id":1,"items":[{"v":1,"created_at":"t0"},{"v":2}]}`)},
		{name: "json-ignore-paths-rest-differs", m: JSON(IgnorePaths("$.id", "$.items[*].created_at")),
			live:     jsonReq(`{"id":7,"items":[{"v":1,"created_at":"t2"},{"v":3}]}`),
			recorded: jsonReq(`{"id":1,"items":[{"v":1,"created_at":"t0"},{"v":2}]}`),
			want:     []Difference{{Path: "body $.items[1].v", Recorded: "2", Live: "3"}}},
		{name: "json-ignore-descendant", m: JSON(IgnorePaths("$..etag")), live: jsonReq(`{"a":{"etag":1,"b":[{"etag":2}]}}`),
			recorded: jsonReq(`{"a":{"etag":3,"b":[{"etag":4}]}}`)},
		{name: "json-ignore-element", m: JSON(IgnorePaths("$[0]")), live: jsonReq(`[1,2]`), recorded: jsonReq(`[9,2]`)},
		{name: "json-array-order", m: JSON(), live: jsonReq(`{"tags":["b","a"]}`), recorded: jsonReq(`{"tags":["a","b"]}`),
			want: []Difference{{Path: "body $.tags[0]", Recorded: `"a"`, Live: `"b"`}, {Path: "body $.tags[1]", Recorded: `"b"`, Live: `"a"`}}},
		{name: "json-ignore-array-order", m: JSON(IgnoreArrayOrder()), live: jsonReq(`{"tags":["b","a"],"o":[{"x":[2,1]},3]}`),
			recorded: jsonReq(`{"tags":["a","b"],"o":[3,{"x":[1,2]}]}`)},
		{name: "json-ignore-array-order-differs", m: JSON(IgnoreArrayOrder()), live: jsonReq(`{"tags":["c","a"]}`),
			recorded: jsonReq(`{"tags":["a","b"]}`),
			want:     []Difference{{Path: "body $.tags", Recorded: `["a","b"]`, Live: `["a","c"]`}}},
		{name: "json-ignore-array-order-at-path", m: JSON(IgnoreArrayOrder("$.tags")), live: jsonReq(`{"tags":["b","a"],"ids":[2,1]}`),
			recorded: jsonReq(`{"tags":["a","b"],"ids":[1,2]}`),
			want:     []Difference{{Path: "body $.ids[0]", Recorded: "1", Live: "2"}, {Path: "body $.ids[1]", Recorded: "2", Live: "1"}}},
		{name: "json-bad-path", m: JSON(IgnorePaths("$.items[")), live: jsonReq(`{}`), recorded: jsonReq(`{}`),
			reason: `IgnorePaths("$.items["): unclosed [ at offset 7; write paths such as $.id or $.items[*].created_at`},
		{name: "json-not-json-same-bytes", m: JSON(), live: req("POST", u, "", "a=1"), recorded: req("POST", u, "", "a=1")},
		{name: "json-not-json", m: JSON(), live: req("POST", u, "", "{a"), recorded: jsonReq(`{"a":1}`),
			want: []Difference{{Path: "body read as", Recorded: "JSON", Live: "bytes, not valid JSON"}}},

		{name: "form-any-content-type", m: Form(), live: req("POST", u, "", "b=2&a=1"), recorded: form("a=1&b=2")},
		{name: "form-ignore", m: Form(IgnoreParams("csrf")), live: form("a=1&csrf=x"), recorded: form("csrf=y&a=1")},

		{name: "multipart", m: Multipart(), live: multipartRequest(t, "b1", "", "name", "x", "n", "1"),
			recorded: multipartRequest(t, "b2", "", "name", "x", "n", "1")},
		{name: "multipart-field", m: Multipart(), live: multipartRequest(t, "b1", "", "name", "y"),
			recorded: multipartRequest(t, "b2", "", "name", "x"),
			want:     []Difference{{Path: `body part 1 "name"`, Recorded: `"x"`, Live: `"y"`}}},
		{name: "multipart-json-part", m: Multipart(), live: multipartRequest(t, "b1", `{"a":2}`),
			recorded: multipartRequest(t, "b2", `{"a":1}`),
			want:     []Difference{{Path: `body part 1 "file" $.a`, Recorded: "1", Live: "2"}}},
		{name: "multipart-parts", m: Multipart(), live: multipartRequest(t, "b1", "", "a", "1", "b", "2"),
			recorded: multipartRequest(t, "b2", "", "a", "1"),
			want:     []Difference{{Path: "body parts", Recorded: "1", Live: "2"}}},
		{name: "multipart-header", m: Multipart(), live: multipartRequest(t, "b1", "", "b", "1"),
			recorded: multipartRequest(t, "b2", "", "a", "1"),
			want:     []Difference{{Path: `body part 1 "a" header Content-Disposition`, Recorded: `"form-data; name=\"a\""`, Live: `"form-data; name=\"b\""`}}},
		{name: "multipart-no-boundary", m: Multipart(), live: req("POST", u, "multipart/form-data", "x"),
			recorded: multipartRequest(t, "b2", "", "a", "1"),
			want:     []Difference{{Path: "body read as", Recorded: "multipart", Live: "bytes, not multipart: the Content-Type has no boundary"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.Match(tc.live, tc.recorded)
			ms := Explain(err)
			if tc.reason != "" {
				assert.Equal(t, len(ms), 1, "%v", err)
				assert.Equal(t, ms[0].Reason, tc.reason)
				return
			}
			var got []Difference
			for _, m := range ms {
				assert.Equal(t, m.Reason, "")
				got = append(got, m.Differences...)
			}
			assert.DeepEqual(t, got, tc.want)
			if tc.want == nil {
				assert.Equal(t, key(tc.m, tc.live), key(tc.m, tc.recorded), "matching requests have different keys")
			}
		})
	}
}

// TestJSONDoneWhen is the acceptance line for JSON bodies.
func TestJSONDoneWhen(t *testing.T) {
	recorded := req("POST", "https://h/", "application/json", `{"a":1,"b":[1,2]}`)
	for _, m := range []Matcher{JSON(), Body(), Default()} {
		assert.NilError(t, m.Match(req("POST", "https://h/", "application/json", `{ "b": [1,2], "a": 1 }`), recorded))
		err := m.Match(req("POST", "https://h/", "application/json", `{"a":2,"b":[1,2]}`), recorded)
		assert.ErrorContains(t, err, "body $.a: recorded 1, live 2")
	}
}

func TestFunc(t *testing.T) {
	a, b := req("GET", "https://h/a", "", ""), req("GET", "https://h/b", "", "")
	for _, tc := range []struct {
		name string
		fn   func(live, recorded *cassette.Request) error
		opts []FuncOption
		want Mismatches
	}{
		{name: "plain-error", fn: func(_, _ *cassette.Request) error { return errors.New("tenants differ") },
			want: Mismatches{{Matcher: "tenant", Reason: "tenants differ"}}},
		{name: "mismatch-gets-the-name", fn: func(_, _ *cassette.Request) error {
			return &Mismatch{Differences: []Difference{{Path: "tenant", Recorded: "1", Live: "2"}}}
		}, want: Mismatches{{Matcher: "tenant", Differences: []Difference{{Path: "tenant", Recorded: "1", Live: "2"}}}}},
		{name: "wrapped-mismatch", fn: func(_, _ *cassette.Request) error {
			return fmt.Errorf("checking the tenant: %w", &Mismatch{Differences: []Difference{{Path: "tenant", Recorded: "1", Live: "2"}}})
		}, want: Mismatches{{Matcher: "tenant", Differences: []Difference{{Path: "tenant", Recorded: "1", Live: "2"}}}}},
		{name: "key-on-checked-first", fn: func(_, _ *cassette.Request) error { return nil }, opts: []FuncOption{KeyOn(Path())},
			want: Mismatches{{Matcher: "path", Differences: []Difference{{Path: "url path", Recorded: `"/b"`, Live: `"/a"`}}}}},
		{name: "nil-function", want: Mismatches{{Matcher: "tenant", Reason: "match.Func was given a nil function"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Func("tenant", tc.fn, tc.opts...)
			assert.DeepEqual(t, Explain(m.Match(a, b)), tc.want)
			_, keyed := m.(Keyer)
			assert.Equal(t, keyed, len(tc.opts) > 0)
		})
	}
}

func TestRelevantHeaders(t *testing.T) {
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"a"}, "X-Id": {"1"}}
	for _, tc := range []struct {
		name string
		m    Matcher
		want []string
	}{
		{name: "default", m: Default(), want: []string{"Content-Type"}},
		{name: "selected", m: All(Headers("x-version", "accept"), Body()), want: []string{"Accept", "Content-Type", "X-Version"}},
		{name: "except", m: HeadersExcept("X-Id"), want: []string{"Accept", "Content-Type"}},
		{name: "func-key-on", m: Func("f", nil, KeyOn(Headers("X-Id"))), want: []string{"X-Id"}},
		{name: "json-reads-no-header", m: JSON(), want: nil},
		{name: "not-a-lister", m: plainMatcher{}, want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.DeepEqual(t, RelevantHeaders(tc.m, h), tc.want)
		})
	}
}

func TestCanonicalBody(t *testing.T) {
	a := multipartRequest(t, "one", `{"b":1,"a":2}`, "n", "1")
	b := multipartRequest(t, "two", `{"a":2,"b":1}`, "n", "1")
	assert.Equal(t, string(CanonicalBody(a)), string(CanonicalBody(b)))
	assert.Equal(t, string(CanonicalBody(req("POST", "u", "application/json", `{"b":1, "a":[2]}`))), `{"a":[2],"b":1}`)
	assert.Equal(t, string(CanonicalBody(req("POST", "u", "application/x-www-form-urlencoded", `b=1&a=2&a=1`))), `a=1&a=2&b=1`)
}
