package drift_test

import (
	"fmt"
	"net/http"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/drift"
)

func ExampleResponses() {
	h := http.Header{"Content-Type": {"application/json"}}
	recorded := &cassette.Response{Code: 200, Headers: h, Body: []byte(`{"id":1,"name":"ada","admin":false}`)}
	live := &cassette.Response{Code: 200, Headers: h, Body: []byte(`{"id":"1","name":"ada","email":"ada@example.com"}`)}
	for _, c := range drift.Responses(recorded, live) {
		fmt.Println(c)
	}
	// Output:
	// response body $.admin: removed (was boolean false)
	// response body $.email: added (string "ada@example.com")
	// response body $.id: type changed (number 1 → string "1")
}

func ExampleCassettes() {
	h := http.Header{"Content-Type": {"application/json"}}
	get := func(url, body string) *cassette.Interaction {
		return &cassette.Interaction{Request: cassette.Request{Method: "GET", URL: url},
			Response: cassette.Response{Code: 200, Headers: h, Body: []byte(body)}}
	}
	old := &cassette.Cassette{Interactions: []*cassette.Interaction{get("https://api.example.com/users/1", `{"id":1}`)}}
	new := &cassette.Cassette{Interactions: []*cassette.Interaction{
		get("https://api.example.com/users/1", `{"id":1,"plan":"pro"}`),
		get("https://api.example.com/users/2", `{"id":2}`),
	}}
	for _, e := range drift.Cassettes(old, new, drift.Values()) {
		switch {
		case e.Old == nil:
			fmt.Println("only in new:", e.New.Request.URL)
		default:
			fmt.Println(e.New.Request.URL, e.Changes)
		}
	}
	// Output:
	// https://api.example.com/users/1 [response body $.plan: added (string "pro")]
	// only in new: https://api.example.com/users/2
}
