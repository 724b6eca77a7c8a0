package main

import (
	"testing"

	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// TestDeckMissNamesOneCassette checks that a miss report over several
// cassettes shows the closest recording and only others of its cassette,
// since the report names one file for every line number it prints.
func TestDeckMissNamesOneCassette(t *testing.T) {
	get := func(url string, line int) *cassette.Interaction {
		return &cassette.Interaction{Line: line, Request: cassette.Request{Method: "GET", URL: url}}
	}
	d := newDeck()
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
