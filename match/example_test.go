package match_test

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

func jsonRequest(body string) *cassette.Request {
	return &cassette.Request{
		Method:  "POST",
		URL:     "https://api.example.com/repos",
		Headers: http.Header{"Content-Type": {"application/json"}},
		Body:    []byte(body),
	}
}

// The default matcher compares JSON bodies as JSON and names each field
// that differs.
func ExampleDefault() {
	recorded := jsonRequest(`{"a":1,"b":[1,2]}`)
	fmt.Println(match.Default().Match(jsonRequest(`{ "b": [1,2], "a": 1 }`), recorded))
	fmt.Println(match.Default().Match(jsonRequest(`{"a":2,"b":[1,2]}`), recorded))
	// Output:
	// <nil>
	// body differs: body $.a: recorded 1, live 2
}

// All combines matchers; its error lists every one that failed.
func ExampleAll() {
	m := match.All(match.Method(), match.URL())
	live := &cassette.Request{Method: "PUT", URL: "https://api.example.com/repos?page=2"}
	recorded := &cassette.Request{Method: "GET", URL: "https://api.example.com/repos?page=1"}
	for _, mm := range match.Explain(m.Match(live, recorded)) {
		fmt.Println(mm.Matcher, mm.Differences)
	}
	// Output:
	// method [{method "GET" "PUT"}]
	// url [{query page "1" "2"}]
}

// Method compares request methods only.
func ExampleMethod() {
	err := match.Method().Match(&cassette.Request{Method: "GET"}, &cassette.Request{Method: "HEAD"})
	fmt.Println(err)
	// Output: method differs: method: recorded "HEAD", live "GET"
}

// URL compares full URLs, and explains a difference part by part.
func ExampleURL() {
	err := match.URL().Match(
		&cassette.Request{URL: "https://api.example.com/v2/repos?sort=name"},
		&cassette.Request{URL: "https://api.example.com/v1/repos?sort=name"})
	fmt.Println(err)
	// Output: url differs: url path: recorded "/v1/repos", live "/v2/repos"
}

// Body compares bodies as their Content-Type says: here forms, as sets of
// parameters, and plain text, byte for byte.
func ExampleBody() {
	form := func(body string) *cassette.Request {
		return &cassette.Request{
			Headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
			Body:    []byte(body),
		}
	}
	text := func(body string) *cassette.Request {
		return &cassette.Request{Headers: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(body)}
	}
	fmt.Println(match.Body().Match(form("stars=42&name=tapedeck"), form("name=tapedeck&stars=42")))
	fmt.Println(match.Body().Match(form("name=tapedeck&stars=43"), form("name=tapedeck&stars=42")))
	fmt.Println(match.Body().Match(text("name=tapedeck&stars=43"), text("name=tapedeck&stars=42")))
	// Output:
	// <nil>
	// body differs: body form stars: recorded "42", live "43"
	// body differs: body (from byte 21): recorded …"2", live …"3"
}

// ExactBody compares bodies byte for byte, even JSON ones.
func ExampleExactBody() {
	err := match.ExactBody().Match(jsonRequest(`{"b":1,"a":2}`), jsonRequest(`{"a":2,"b":1}`))
	fmt.Println(err)
	// Output: exact body differs: body (from byte 2): recorded …"a\":2,\"b\":1}", live …"b\":1,\"a\":2}"
}

// JSON compares bodies as JSON, whatever their Content-Type.
func ExampleJSON() {
	recorded := jsonRequest(`{"a":1,"b":[1,2]}`)
	fmt.Println(match.JSON().Match(jsonRequest(`{ "b": [1,2], "a": 1 }`), recorded))
	fmt.Println(match.JSON().Match(jsonRequest(`{"a":2,"b":[1,2]}`), recorded))
	// Output:
	// <nil>
	// json body differs: body $.a: recorded 1, live 2
}

// IgnorePaths leaves out fields that change on every run.
func ExampleIgnorePaths() {
	m := match.JSON(match.IgnorePaths("$.id", "$.items[*].created_at"))
	recorded := jsonRequest(`{"id":1,"items":[{"sku":"a","created_at":"2026-01-01"}]}`)
	fmt.Println(m.Match(jsonRequest(`{"id":2,"items":[{"sku":"a","created_at":"2026-11-23"}]}`), recorded))
	fmt.Println(m.Match(jsonRequest(`{"id":2,"items":[{"sku":"b","created_at":"2026-11-23"}]}`), recorded))
	// Output:
	// <nil>
	// json body differs: body $.items[0].sku: recorded "a", live "b"
}

// IgnoreArrayOrder compares arrays as multisets; with paths, only the
// arrays they select.
func ExampleIgnoreArrayOrder() {
	m := match.JSON(match.IgnoreArrayOrder("$.tags"))
	recorded := jsonRequest(`{"tags":["http","testing"],"ids":[1,2]}`)
	fmt.Println(m.Match(jsonRequest(`{"tags":["testing","http"],"ids":[1,2]}`), recorded))
	fmt.Println(m.Match(jsonRequest(`{"tags":["testing","go"],"ids":[1,2]}`), recorded))
	// Output:
	// <nil>
	// json body differs: body $.tags: recorded ["http","testing"], live ["go","testing"]
}

// Form compares form bodies as sets of parameters.
func ExampleForm() {
	m := match.Form(match.IgnoreParams("csrf"))
	err := m.Match(
		&cassette.Request{Body: []byte("tag=b&tag=a&csrf=123&name=x")},
		&cassette.Request{Body: []byte("name=x&csrf=456&tag=a&tag=b")})
	fmt.Println(err)
	// Output: <nil>
}

// Multipart compares multipart bodies part by part: the random boundary
// does not matter.
func ExampleMultipart() {
	upload := func(name string) *cassette.Request {
		var body bytes.Buffer
		w := multipart.NewWriter(&body) // a new random boundary each time
		w.WriteField("name", name)
		w.Close()
		return &cassette.Request{
			Headers: http.Header{"Content-Type": {w.FormDataContentType()}},
			Body:    body.Bytes(),
		}
	}
	fmt.Println(match.Multipart().Match(upload("logo"), upload("logo")))
	fmt.Println(match.Multipart().Match(upload("icon"), upload("logo")))
	// Output:
	// <nil>
	// multipart body differs: body part 1 "name": recorded "logo", live "icon"
}

// Scheme, Host and Path compare one part of the URL each; with Query they
// match a URL whatever the order of its parameters.
func ExampleQuery() {
	m := match.All(match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams("ts")))
	recorded := &cassette.Request{URL: "https://api.example.com/search?q=go&sort=stars&ts=1700000000"}
	fmt.Println(m.Match(&cassette.Request{URL: "https://api.example.com/search?sort=stars&q=go&ts=1800000000"}, recorded))
	fmt.Println(m.Match(&cassette.Request{URL: "https://api.example.com/search?sort=forks&q=go"}, recorded))
	// Output:
	// <nil>
	// query differs: query sort: recorded "stars", live "forks"
}

// IgnoreParams leaves out query or form parameters that change on every
// run.
func ExampleIgnoreParams() {
	m := match.Query(match.IgnoreParams("nonce", "signature"))
	err := m.Match(
		&cassette.Request{URL: "https://api.example.com/pay?amount=5&nonce=b&signature=y"},
		&cassette.Request{URL: "https://api.example.com/pay?amount=5&nonce=a&signature=x"})
	fmt.Println(err)
	// Output: <nil>
}

// Scheme compares URL schemes, ignoring case.
func ExampleScheme() {
	err := match.Scheme().Match(&cassette.Request{URL: "http://api.example.com/"}, &cassette.Request{URL: "https://api.example.com/"})
	fmt.Println(err)
	// Output: scheme differs: url scheme: recorded "https", live "http"
}

// Host compares hosts (with ports), ignoring case.
func ExampleHost() {
	m := match.Host()
	fmt.Println(m.Match(&cassette.Request{URL: "https://API.example.com/a"}, &cassette.Request{URL: "https://api.example.com/b"}))
	fmt.Println(m.Match(&cassette.Request{URL: "https://api.example.com:8443/"}, &cassette.Request{URL: "https://api.example.com/"}))
	// Output:
	// <nil>
	// host differs: url host: recorded "api.example.com", live "api.example.com:8443"
}

// Path compares URL paths only.
func ExamplePath() {
	err := match.Path().Match(&cassette.Request{URL: "https://h/v2/repos?page=1"}, &cassette.Request{URL: "https://h/v1/repos?page=1"})
	fmt.Println(err)
	// Output: path differs: url path: recorded "/v1/repos", live "/v2/repos"
}

// Headers compares the named headers, here the API version a client asks
// for.
func ExampleHeaders() {
	m := match.Headers("X-Api-Version")
	err := m.Match(
		&cassette.Request{Headers: http.Header{"X-Api-Version": {"2026-01-01"}, "X-Request-Id": {"b"}}},
		&cassette.Request{Headers: http.Header{"X-Api-Version": {"2025-06-01"}, "X-Request-Id": {"a"}}})
	fmt.Println(err)
	// Output: headers differs: header X-Api-Version: recorded "2025-06-01", live "2026-01-01"
}

// HeadersExcept compares every header but those that change on every run.
func ExampleHeadersExcept() {
	m := match.HeadersExcept("X-Request-Id", "Date")
	err := m.Match(
		&cassette.Request{Headers: http.Header{"Accept": {"application/json"}, "X-Request-Id": {"b"}}},
		&cassette.Request{Headers: http.Header{"Accept": {"application/json"}, "X-Request-Id": {"a"}}})
	fmt.Println(err)
	// Output: <nil>
}

// Func runs a rule of your own; its error is the reason a miss report
// shows.
func ExampleFunc() {
	sameTenant := match.Func("tenant", func(live, recorded *cassette.Request) error {
		l, r := tenant(live), tenant(recorded)
		if l != r {
			return fmt.Errorf("tenant %q, recorded for %q", l, r)
		}
		return nil
	})
	err := sameTenant.Match(
		&cassette.Request{URL: "https://acme.api.example.com/users"},
		&cassette.Request{URL: "https://initech.api.example.com/users"})
	fmt.Println(err)
	// Output: tenant differs: tenant "acme", recorded for "initech"
}

// tenant is the first label of a request's host name.
func tenant(r *cassette.Request) string {
	host := strings.TrimPrefix(strings.TrimPrefix(r.URL, "https://"), "http://")
	name, _, _ := strings.Cut(host, ".")
	return name
}

// KeyOn tells a recorder what a Func relies on, so that replay stays
// indexed: here the method and path, while the function compares bodies
// loosely.
func ExampleKeyOn() {
	m := match.Func("same words", func(live, recorded *cassette.Request) error {
		if !strings.EqualFold(string(live.Body), string(recorded.Body)) {
			return errors.New("the bodies differ beyond case")
		}
		return nil
	}, match.KeyOn(match.Method(), match.Path()))
	_, keyed := m.(match.Keyer)
	fmt.Println("keyed:", keyed)
	fmt.Println(m.Match(
		&cassette.Request{Method: "POST", URL: "https://h/notes", Body: []byte("HELLO")},
		&cassette.Request{Method: "POST", URL: "https://h/notes", Body: []byte("hello")}))
	fmt.Println(m.Match(
		&cassette.Request{Method: "PUT", URL: "https://h/notes", Body: []byte("hello")},
		&cassette.Request{Method: "POST", URL: "https://h/notes", Body: []byte("hello")}))
	// Output:
	// keyed: true
	// <nil>
	// method differs: method: recorded "POST", live "PUT"
}

// Explain turns any matcher's error into mismatches, one per failed
// matcher.
func ExampleExplain() {
	err := match.Default().Match(
		&cassette.Request{Method: "POST", URL: "https://h/repos?page=2"},
		&cassette.Request{Method: "GET", URL: "https://h/repos?page=1"})
	for _, m := range match.Explain(err) {
		fmt.Println(m.Matcher, "failed:", m.Differences)
	}
	// Output:
	// method failed: [{method "GET" "POST"}]
	// url failed: [{query page "1" "2"}]
}

// RelevantHeaders names the headers a matcher looks at; a miss report
// shows them.
func ExampleRelevantHeaders() {
	m := match.All(match.Default(), match.Headers("Accept"))
	h := http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}, "User-Agent": {"x"}}
	fmt.Println(match.RelevantHeaders(m, h))
	// Output: [Accept Content-Type]
}

// CanonicalBody is the form in which Body compares a body.
func ExampleCanonicalBody() {
	fmt.Printf("%s\n", match.CanonicalBody(jsonRequest(`{ "name": "tapedeck", "id": 1 }`)))
	// Output: {"id":1,"name":"tapedeck"}
}

// The default matcher leaves out the parameters of request signing, so a
// presigned URL signed a second later, or with other credentials, matches
// the recorded one; IgnoreParams names more volatile parameters once.
func ExampleSigningParams() {
	recorded := &cassette.Request{Method: "GET",
		URL: "https://bucket.s3.amazonaws.com/cat.jpg?X-Amz-Date=20260501T120000Z&X-Amz-Signature=aa11&ts=1"}
	live := &cassette.Request{Method: "GET",
		URL: "https://bucket.s3.amazonaws.com/cat.jpg?X-Amz-Date=20260501T120001Z&X-Amz-Signature=bb22&ts=2"}
	fmt.Println(match.Default().Match(live, recorded))
	fmt.Println(match.Default(match.IgnoreParams("ts")).Match(live, recorded))
	fmt.Println(match.SigningParams()[:3])
	// Output:
	// url differs: query ts: recorded "1", live "2"
	// <nil>
	// [X-Amz-Algorithm X-Amz-Credential X-Amz-Date]
}
