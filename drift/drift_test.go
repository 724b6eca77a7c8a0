package drift

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"testing"
	"time"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

func jsonResponse(code int, body string, kv ...string) *cassette.Response {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return &cassette.Response{Code: code, Status: http.StatusText(code), Headers: h, Body: []byte(body)}
}

func texts(changes []Change) []string {
	if len(changes) == 0 {
		return nil
	}
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.String()
	}
	return out
}

func TestResponses(t *testing.T) {
	old := `{"id":1,"name":"ada","tags":["a"],"plan":{"seats":3},"gone":true}`
	tests := []struct {
		name     string
		old, new *cassette.Response
		opts     []Option
		want     []string
	}{
		{name: "nothing", old: jsonResponse(200, old), new: jsonResponse(200, ` { "gone": true, "plan": {"seats": 3}, "tags": ["a"], "name": "ada", "id": 1.0 }`)},
		{name: "shape",
			old:  jsonResponse(200, old),
			new:  jsonResponse(200, `{"id":"1","name":"bob","tags":["a","b"],"plan":{"seats":3,"tier":"pro"}}`),
			want: []string{`response body $.gone: removed (was boolean true)`, `response body $.id: type changed (number 1 → string "1")`, `response body $.plan.tier: added (string "pro")`, `response body $.tags[1]: added (string "b")`}},
		{name: "values",
			old:  jsonResponse(200, old, "Etag", `"v1"`),
			new:  jsonResponse(200, `{"id":1,"name":"bob","tags":["a"],"plan":{"seats":3},"gone":true}`, "Etag", `"v2"`),
			opts: []Option{Values()},
			want: []string{`response header Etag: changed ("v1" → "v2")`, `response body $.name: changed (string "ada" → string "bob")`}},
		{name: "values not by default",
			old: jsonResponse(200, old, "Etag", `"v1"`),
			new: jsonResponse(200, `{"id":2,"name":"bob","tags":["b"],"plan":{"seats":4},"gone":false}`, "Etag", `"v2"`)},
		{name: "status and headers",
			old:  jsonResponse(200, `{}`, "X-Old", "1", "Date", "Mon, 05 Jan 2026 10:00:00 GMT"),
			new:  jsonResponse(404, `{}`, "X-New", "1", "Date", "Tue, 06 Jan 2026 10:00:00 GMT"),
			want: []string{"status: changed (OK → Not Found)", "response header X-New: added", "response header X-Old: removed"}},
		{name: "content type",
			old:  jsonResponse(200, `{}`),
			new:  &cassette.Response{Code: 200, Headers: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte("<p>down</p>")},
			want: []string{"response header Content-Type: changed (application/json → text/html; charset=utf-8)", "response body: type changed (JSON, 2 bytes → text, 11 bytes)"}},
		{name: "redacted values are not compared",
			old:  jsonResponse(200, `{"token":"REDACTED"}`, "Set-Cookie", "s=REDACTED"),
			new:  jsonResponse(200, `{"token":"t-123"}`, "Set-Cookie", "s=abc"),
			opts: []Option{Values()}},
		{name: "every element alike",
			old:  jsonResponse(200, `{"items":[{"id":1},{"id":2},{"id":3}]}`),
			new:  jsonResponse(200, `{"items":[{"id":1,"x":0},{"id":2,"x":0},{"id":3,"x":0}]}`),
			want: []string{"response body $.items[*].x: added (number 0) in 3 elements"}},
		{name: "odd names",
			old:  jsonResponse(200, `{"a[1]":{"b c":1}}`),
			new:  jsonResponse(200, `{"a[1]":{"b c":"1"}}`),
			want: []string{`response body $['a[1]']['b c']: type changed (number 1 → string "1")`}},
		{name: "text values",
			old:  &cassette.Response{Code: 200, Body: []byte("a")},
			new:  &cassette.Response{Code: 200, Body: []byte("bb")},
			opts: []Option{Values()},
			want: []string{"response body: changed (1 byte → 2 bytes)"}},
		{name: "ignored header",
			old:  jsonResponse(200, `{}`, "X-Build", "1"),
			new:  jsonResponse(200, `{}`, "X-Build", "2"),
			opts: []Option{Values(), IgnoreHeaders("x-build")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.DeepEqual(t, texts(Responses(tt.old, tt.new, tt.opts...)), tt.want)
		})
	}
}

func TestResponsesDecodeBodies(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(`{"id":1}`))
	zw.Close()
	old := jsonResponse(200, zipped.String(), "Content-Encoding", "gzip")
	assert.DeepEqual(t, texts(Responses(old, jsonResponse(200, `{"id":1,"new":null}`))),
		[]string{"response header Content-Encoding: removed", "response body $.new: added (null)"})
}

func TestCassettes(t *testing.T) {
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	in := func(method, url, body string, at time.Time) *cassette.Interaction {
		return &cassette.Interaction{RecordedAt: at, Request: cassette.Request{Method: method, URL: url},
			Response: *jsonResponse(200, body)}
	}
	old := &cassette.Cassette{Interactions: []*cassette.Interaction{
		in("GET", "https://api.example.com/users/1", `{"id":1}`, at),
		in("GET", "https://api.example.com/search?ts=1", `[]`, at),
		in("DELETE", "https://api.example.com/users/1", `{}`, at),
	}}
	later := at.Add(time.Hour)
	new := &cassette.Cassette{Interactions: []*cassette.Interaction{
		in("GET", "https://api.example.com/users/1", `{"id":1,"email":"a@example.com"}`, later),
		in("GET", "https://api.example.com/search?ts=2", `[]`, later),
		in("POST", "https://api.example.com/users", `{"id":2}`, later),
	}}
	got := Cassettes(old, new, Values())
	type summary struct {
		Old, New int
		Changes  []string
		Moved    []string
	}
	var sums []summary
	for _, e := range got {
		sums = append(sums, summary{e.OldIndex, e.NewIndex, texts(e.Changes), e.Moved})
	}
	assert.DeepEqual(t, sums, []summary{
		{0, 0, []string{`response body $.email: added (string "a@example.com")`}, []string{"recorded_at"}},
		{1, 1, []string{"url: changed (https://api.example.com/search?ts=1 → https://api.example.com/search?ts=2)"}, []string{"recorded_at"}},
		{-1, 2, nil, nil},
		{2, -1, nil, nil},
	})
}
