package match_test

import (
	"fmt"
	"net/http"

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

// Body compares bodies: JSON as JSON, anything else byte for byte.
func ExampleBody() {
	err := match.Body().Match(
		&cassette.Request{Body: []byte("name=tapedeck&stars=43")},
		&cassette.Request{Body: []byte("name=tapedeck&stars=42")})
	fmt.Println(err)
	// Output: body differs: body (from byte 21): recorded …"2", live …"3"
}
