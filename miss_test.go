package recorder

import (
	"net/http"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/cassette"
)

// missCassette is the cassette the miss reports are pinned against.
func missCassette(t *testing.T) afero.Fs {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{
		{Request: cassette.Request{Method: "GET", URL: "https://api.example.com/repos?page=1&per_page=50"},
			Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte("[]")}},
		{Request: cassette.Request{Method: "POST", URL: "https://api.example.com/repos",
			Headers: http.Header{"Content-Type": {"application/json"}},
			Body:    []byte(`{"name":"tapedeck","private":false,"topics":["http","testing"]}`)},
			Response: cassette.Response{Status: "201 Created", Code: 201, Body: []byte(`{"id":3}`)}},
		{Request: cassette.Request{Method: "GET", URL: "https://api.example.com/repos/1"},
			Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte(`{"id":1}`)}},
	}}
	assert.NilError(t, cassette.Save(fsys, "fixtures/repo.yaml", c))
	return fsys
}

// TestMissReport pins the text of the report a miss puts in the test log.
func TestMissReport(t *testing.T) {
	json := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name  string
		empty bool
		reqs  []*http.Request // all but the last replay; the last misses
	}{
		{name: "query-param", reqs: []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos?page=2&per_page=50", nil, nil)}},
		{name: "json-field", reqs: []*http.Request{
			newRequest(t, "POST", "https://api.example.com/repos",
				[]byte(`{"topics":["http","testing"],"private":true,"name":"tapedeck"}`), json)}},
		{name: "method", reqs: []*http.Request{
			newRequest(t, "DELETE", "https://api.example.com/repos/1", nil, nil)}},
		{name: "exhausted", reqs: []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil),
			newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil)}},
		{name: "empty-cassette", empty: true, reqs: []*http.Request{
			newRequest(t, "GET", "https://api.example.com/repos/1", nil, nil)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := missCassette(t)
			if tc.empty {
				fsys = afero.NewMemMapFs()
				assert.NilError(t, cassette.Save(fsys, "fixtures/repo.yaml", &cassette.Cassette{Version: cassette.Version}))
			}
			ft := &fakeT{name: "TestRepo"}
			rec, fatal := newFake(ft, "fixtures/repo", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
			assert.Equal(t, fatal, "")
			last := len(tc.reqs) - 1
			for _, req := range tc.reqs[:last] {
				resp, err := rec.RoundTrip(req)
				assert.NilError(t, err)
				resp.Body.Close()
			}
			_, err := rec.RoundTrip(tc.reqs[last])
			assert.ErrorIs(t, err, ErrNoMatch)
			assert.Equal(t, len(ft.errors), 1)
			assert.Equal(t, ft.errors[0], err.Error())
			golden.Assert(t, ft.errors[0], "miss-"+tc.name+".golden")
			ft.finish()
		})
	}
}

// TestMissReportNamesJSONField is the acceptance line: a JSON body
// with keys in another order and other spacing replays, one with a changed
// field misses with a report that names the field.
func TestMissReportNamesJSONField(t *testing.T) {
	_, tr, _ := apiServer(t)
	json := http.Header{"Content-Type": {"application/json"}}
	fsys := missCassette(t)
	rec, err := Open("post", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte(`{"a":1,"b":[1,2]}`), json))
	assert.NilError(t, rec.Close())

	rec, err = Open("post", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	do(t, rec.Client(), newRequest(t, "POST", api+"/repos", []byte(`{ "b": [1,2], "a": 1 }`), json))
	_, err = rec.Client().Do(newRequest(t, "POST", api+"/repos", []byte(`{"a":2,"b":[1,2]}`), json))
	assert.ErrorContains(t, err, `
    failed: body
    body $.a:
      - recorded: 1
      + live:     2
`)
}
