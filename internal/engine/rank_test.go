package engine

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"gotest.tools/v3/assert"
)

// TestClosestUsedMatches checks that recordings that match but were used
// are returned alone, with their count.
func TestClosestUsedMatches(t *testing.T) {
	ins := []*cassette.Interaction{
		recording(get("https://api.test/a"), "a0"),
		recording(get("https://api.test/b"), "b"),
		recording(get("https://api.test/a"), "a1"),
	}
	e := loaded(t, Options{}, ins...)
	e.Load([]*cassette.Interaction{recording(get("https://api.test/a"), "a2")}, 5)
	for range 3 {
		claim(t, e, get("https://api.test/a"))
	}
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), miss)

	cands, used := e.Closest(get("https://api.test/a"))
	assert.Equal(t, used, 3)
	type cand struct {
		ID, Source int
		Answer     string
		Used       bool
		Mismatches int
	}
	var got []cand
	for _, c := range cands {
		got = append(got, cand{c.ID, c.Source, string(c.Interaction.Response.Body), c.Used, len(c.Mismatches)})
	}
	assert.DeepEqual(t, got, []cand{
		{ID: 0, Source: 0, Answer: "a0", Used: true},
		{ID: 2, Source: 0, Answer: "a1", Used: true},
		{ID: 3, Source: 5, Answer: "a2", Used: true},
	})
}

// manyTies are 40 recordings in two classes of equal distance to GET
// https://api.test/a, interleaved: enough for a sort that is not stable to
// mix them up. want is their IDs, the nearer class first.
func manyTies() (recorded []*cassette.Request, want []int) {
	var far []int
	for i := range 40 {
		if i%3 == 0 {
			recorded = append(recorded, get(fmt.Sprintf("https://api.test/b%02d", i))) // 3 from "/a"
			want = append(want, i)
		} else {
			recorded = append(recorded, get(fmt.Sprintf("https://api.test/xx%02d", i))) // 4 from "/a"
			far = append(far, i)
		}
	}
	return recorded, append(want, far...)
}

func TestClosestRanking(t *testing.T) {
	tiesRecorded, tiesWant := manyTies()
	cases := []struct {
		name     string
		recorded []*cassette.Request
		live     *cassette.Request
		want     []int // IDs, most alike first
	}{
		{
			name:     "a closer path ranks above an earlier one",
			recorded: []*cassette.Request{get("https://api.test/hello"), get("https://api.test/users/7")},
			live:     get("https://api.test/users/8"),
			want:     []int{1, 0},
		},
		{
			name: "fewer failed matchers rank first, though they differ more",
			recorded: []*cassette.Request{
				{Method: http.MethodPut, URL: "https://api.test/y", Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"a":1,"b":2,"c":3}`)}, // method and url: two values
				jsonPost("https://api.test/x", `{"a":4,"b":5,"c":6}`), // body: three values
			},
			live: jsonPost("https://api.test/x", `{"a":1,"b":2,"c":3}`),
			want: []int{1, 0},
		},
		{
			name: "fewer failed matchers rank first, however far",
			recorded: []*cassette.Request{
				{Method: http.MethodPut, URL: "https://api.test/users/9"}, // method and url differ, by little
				get("https://api.test/a/completely/different/path"),       // url differs, by much
			},
			live: get("https://api.test/users/8"),
			want: []int{1, 0},
		},
		{
			name: "fewer differences rank first, however far",
			recorded: []*cassette.Request{
				jsonPost("https://api.test/x", `{"a":3,"b":4}`),                      // two values, one character each
				jsonPost("https://api.test/x", `{"a":"a much longer string","b":2}`), // one value, far off
			},
			live: jsonPost("https://api.test/x", `{"a":1,"b":2}`),
			want: []int{1, 0},
		},
		{
			name: "then the smaller distance",
			recorded: []*cassette.Request{
				jsonPost("https://api.test/x", `{"a":"abcdef"}`),
				jsonPost("https://api.test/x", `{"a":"abcxyz"}`),
				jsonPost("https://api.test/x", `{"a":"abcdez"}`),
			},
			live: jsonPost("https://api.test/x", `{"a":"abcdez!"}`),
			want: []int{2, 0, 1},
		},
		{
			name: "ties keep recorded order",
			recorded: []*cassette.Request{
				get("https://api.test/users/3"), get("https://api.test/users/1"), get("https://api.test/users/2"),
			},
			live: get("https://api.test/users/9"),
			want: []int{0, 1, 2},
		},
		{
			name:     "many ties keep recorded order",
			recorded: tiesRecorded,
			live:     get("https://api.test/a"),
			want:     tiesWant,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ins []*cassette.Interaction
			for _, r := range tc.recorded {
				ins = append(ins, recording(r, r.URL))
			}
			e := loaded(t, Options{}, ins...)
			cands, used := e.Closest(tc.live)
			assert.Equal(t, used, 0)
			var got []int
			for _, c := range cands {
				assert.Assert(t, len(c.Mismatches) > 0, "candidate %d has no mismatches", c.ID)
				assert.Equal(t, c.Interaction, ins[c.ID])
				assert.Assert(t, !c.Used)
				got = append(got, c.ID)
			}
			assert.DeepEqual(t, got, tc.want)
		})
	}
}

func TestClosestExplains(t *testing.T) {
	e := loaded(t, Options{}, recording(get("https://api.test/users/7"), "7"))
	claim(t, e, get("https://api.test/users/7"))
	cands, used := e.Closest(&cassette.Request{Method: http.MethodDelete, URL: "https://api.test/users/8"})
	assert.Equal(t, used, 0)
	assert.Equal(t, len(cands), 1)
	assert.Assert(t, cands[0].Used)
	var matchers []string
	for _, m := range cands[0].Mismatches {
		matchers = append(matchers, m.Matcher)
	}
	assert.DeepEqual(t, matchers, []string{"method", "url"})
	assert.DeepEqual(t, cands[0].Mismatches[1].Differences, []match.Difference{
		{Path: "url path", Recorded: `"/users/7"`, Live: `"/users/8"`},
	})
}

func TestDistance(t *testing.T) {
	a300 := strings.Repeat("a", 300)
	cases := []struct {
		name string
		a, b string
		want int
	}{
		{name: "equal", a: "/users/7", b: "/users/7", want: 0},
		{name: "both empty", a: "", b: "", want: 0},
		{name: "one empty", a: "", b: "abc", want: 3},
		{name: "one substitution", a: "/users/7", b: "/users/8", want: 1},
		{name: "one insertion", a: "/users/7", b: "/users/77", want: 1},
		{name: "one deletion", a: "/users/7", b: "/user/7", want: 1},
		{name: "kitten sitting", a: "kitten", b: "sitting", want: 3},
		{name: "unrelated", a: `"/hello"`, b: `"/users/8"`, want: 6}, // 2 insertions, 4 substitutions
		{name: "a two-byte rune is one character", a: "héllo", b: "hello", want: 1},
		{name: "a three-byte rune is one character", a: "日本", b: "日本語", want: 1},
		{name: "runes for runes", a: "日本", b: "中国", want: 2},
		{name: "beyond the cap nothing counts", a: a300, b: strings.Repeat("a", 256) + strings.Repeat("b", 44), want: 0},
		{name: "the cap bounds the distance", a: a300, b: "", want: 256},
		{name: "the cap counts runes", a: strings.Repeat("é", 300), b: strings.Repeat("é", 256) + "x", want: 0},
		{name: "within the cap", a: a300, b: "b" + a300[1:], want: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, Distance(tc.a, tc.b), tc.want)
			assert.Equal(t, Distance(tc.b, tc.a), tc.want, "not symmetric")
		})
	}
}
