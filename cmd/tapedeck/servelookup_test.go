package main

import (
	"errors"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"gotest.tools/v3/assert"

	"github.com/spf13/afero"
	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// TestDeckMissNamesOneCassette checks that a miss report over several
// cassettes shows the closest recording and only others of its cassette,
// since the report names one file for every line number it prints.
func TestDeckMissNamesOneCassette(t *testing.T) {
	get := func(url string, line int) *cassette.Interaction {
		return &cassette.Interaction{Line: line, Request: cassette.Request{Method: "GET", URL: url}}
	}
	d := newDeck(redact.Default())
	d.add(&served{path: "a.yaml", c: &cassette.Cassette{Interactions: []*cassette.Interaction{
		get("http://x/users/1", 3), get("http://x/other", 9),
	}}})
	d.add(&served{path: "b.yaml", c: &cassette.Cassette{Interactions: []*cassette.Interaction{
		get("http://x/repos/1?page=1", 3), get("http://x/repos/2?page=2", 11),
	}}})

	e := d.miss(&cassette.Request{Method: "GET", URL: "/repos/1?page=2"}, "record it")
	assert.Equal(t, e.Cassette, "b.yaml")
	var got []int
	for _, c := range e.Closest {
		got = append(got, c.Interaction.Line)
	}
	assert.DeepEqual(t, got, []int{3, 11})
}

// TestServeRanksAsTheLibrary sends one request that has no recording to a
// Recorder (the library) and to a running tapedeck serve over the same
// cassette, and checks that both list the same closest recordings in the
// same order: one engine ranks for both. The cassette lists /hello before
// /users/7, so only the tie-break by how alike the differing values are
// puts /users/7 first for GET /users/8.
func TestServeRanksAsTheLibrary(t *testing.T) {
	dir := t.TempDir()
	at := func(path string) *cassette.Interaction {
		return &cassette.Interaction{
			Request:  cassette.Request{Method: "GET", URL: "http://api.example.test" + path},
			Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte("ok")},
		}
	}
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{
		at("/hello"), at("/users/7"), at("/users/17/repos"), at("/"),
	}}
	assert.NilError(t, cassette.Save(afero.NewOsFs(), filepath.Join(dir, "api.yaml"), c))

	rec, err := recorder.Open(filepath.Join(dir, "api"), recorder.WithMode(recorder.ModeReplay))
	assert.NilError(t, err)
	req, err := http.NewRequest("GET", "http://api.example.test/users/8", nil)
	assert.NilError(t, err)
	_, err = rec.RoundTrip(req)
	var miss *recorder.MissError
	assert.Assert(t, errors.As(err, &miss), "%v", err)
	var library []int
	for _, c := range miss.Closest {
		library = append(library, c.Index+1)
	}
	assert.NilError(t, rec.Close())

	s := startServe(t, dir, "api.yaml")
	answer := get(t, "GET", s.url+"/users/8", "", "")
	assert.Equal(t, answer.status, http.StatusNotFound)
	var served []int
	for _, m := range regexp.MustCompile(`(?m)^  #(\d+)`).FindAllStringSubmatch(answer.body, -1) {
		n, err := strconv.Atoi(m[1])
		assert.NilError(t, err)
		served = append(served, n)
	}
	assert.DeepEqual(t, library, []int{2, 1, 4})
	assert.DeepEqual(t, served, library)
}
