package engine

import (
	"net/http"
	"slices"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"gotest.tools/v3/assert"
)

// withResponse is in with its response's code and body set.
func withResponse(in *cassette.Interaction, code int, body string) *cassette.Interaction {
	in.Response.Code = code
	in.Response.Status = http.StatusText(code)
	in.Response.Body = []byte(body)
	in.Response.Headers = nil
	return in
}

// withHeader is in with header name set to value, in the request (request
// true) or the response.
func withHeader(in *cassette.Interaction, request bool, name, value string) *cassette.Interaction {
	h := &in.Response.Headers
	if request {
		h = &in.Request.Headers
	}
	if *h == nil {
		*h = http.Header{}
	}
	(*h).Set(name, value)
	return in
}

// positions returns where each of ins is among e's interactions (-1 when
// absent), and checks that every interaction is marked used.
func positions(t *testing.T, e *Engine, ins []*cassette.Interaction) []int {
	t.Helper()
	all, used := e.Interactions()
	assert.Assert(t, !slices.Contains(used, false), "stored interactions are not used: %v", used)
	got := make([]int, len(ins))
	for i, in := range ins {
		got[i] = slices.Index(all, in)
	}
	return got
}

// TestEndSortsOverlapping checks that round trips that overlap are stored
// in an order that depends on what they hold, not on when they ended.
func TestEndSortsOverlapping(t *testing.T) {
	cases := []struct {
		name string
		ins  func() []*cassette.Interaction
		want []int // where each of ins ends up
	}{
		{
			name: "method first",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					recording(jsonPost("https://api.test/a", `{}`), "post"),
					recording(get("https://api.test/z"), "get"),
				}
			},
			want: []int{1, 0},
		},
		{
			name: "then URL",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					recording(get("https://api.test/b"), "b"),
					recording(get("https://api.test/a"), "a"),
					recording(get("https://api.test/c"), "c"),
				}
			},
			want: []int{1, 0, 2},
		},
		{
			name: "then the canonical body, not the bytes sent",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					recording(jsonPost("https://api.test/x", `{"a":2}`), "x"),       // sent first byte-wise
					recording(jsonPost("https://api.test/x", `{"z":0,"a":1}`), "x"), // canonical {"a":1,"z":0} first
				}
			},
			want: []int{1, 0},
		},
		{
			name: "then the status code",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					withResponse(recording(get("https://api.test/a"), ""), 500, "a"),
					withResponse(recording(get("https://api.test/a"), ""), 200, "b"),
				}
			},
			want: []int{1, 0},
		},
		{
			name: "then the response body",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					withResponse(recording(get("https://api.test/a"), ""), 200, "b"),
					withResponse(recording(get("https://api.test/a"), ""), 200, "a"),
				}
			},
			want: []int{1, 0},
		},
		{
			name: "then the request headers",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					withHeader(recording(get("https://api.test/a"), "same"), true, "X-Page", "2"),
					withHeader(recording(get("https://api.test/a"), "same"), true, "X-Page", "1"),
				}
			},
			want: []int{1, 0},
		},
		{
			name: "then the response headers",
			ins: func() []*cassette.Interaction {
				return []*cassette.Interaction{
					withHeader(recording(get("https://api.test/a"), "same"), false, "X-Served-By", "b"),
					withHeader(recording(get("https://api.test/a"), "same"), false, "X-Served-By", "a"),
				}
			},
			want: []int{1, 0},
		},
	}
	// Each group ends in two orders: as listed, and reversed.
	orders := map[string]func([]*cassette.Interaction) []*cassette.Interaction{
		"in order": slices.Clone[[]*cassette.Interaction],
		"reversed": func(ins []*cassette.Interaction) []*cassette.Interaction {
			out := slices.Clone(ins)
			slices.Reverse(out)
			return out
		},
	}
	for _, tc := range cases {
		for oname, order := range orders {
			t.Run(tc.name+"/"+oname, func(t *testing.T) {
				e := loaded(t, Options{}, recording(get("https://api.test/loaded"), "loaded"))
				ins := tc.ins()
				for range ins {
					e.Begin()
				}
				for i, in := range order(ins) {
					assert.NilError(t, e.End(in, 3))
					if i < len(ins)-1 {
						assert.Equal(t, e.Len(), 1, "stored before the group ended")
					}
				}
				want := make([]int, len(tc.want))
				for i, p := range tc.want {
					want[i] = 1 + p // after the loaded one
				}
				all, used := e.Interactions()
				assert.DeepEqual(t, used[1:], slices.Repeat([]bool{true}, len(ins)))
				got := make([]int, len(ins))
				for i, in := range ins {
					got[i] = slices.Index(all, in)
				}
				assert.DeepEqual(t, got, want)
				for id := 1; id < e.Len(); id++ {
					assert.Equal(t, e.Source(id), 3)
				}
			})
		}
	}
}

func TestEndGroups(t *testing.T) {
	a := recording(get("https://api.test/a"), "a")
	b := recording(get("https://api.test/b"), "b")
	c := recording(get("https://api.test/c"), "c")
	type step struct {
		begin bool
		end   *cassette.Interaction // for an End
	}
	begin := step{begin: true}
	end := func(in *cassette.Interaction) step { return step{end: in} }
	cases := []struct {
		name  string
		steps []step
		want  []*cassette.Interaction
	}{
		{
			name:  "sequential round trips keep their order",
			steps: []step{begin, end(c), begin, end(a), begin, end(b)},
			want:  []*cassette.Interaction{c, a, b},
		},
		{
			name:  "a group lasts while any round trip is in flight",
			steps: []step{begin, begin, end(c), begin, end(b), end(a)},
			want:  []*cassette.Interaction{a, b, c},
		},
		{
			name:  "groups are sorted each on its own",
			steps: []step{begin, begin, end(c), end(b), begin, end(a)},
			want:  []*cassette.Interaction{b, c, a},
		},
		{
			name:  "an End with nothing stores nothing",
			steps: []step{begin, begin, end(b), end(nil), begin, end(nil), begin, end(a)},
			want:  []*cassette.Interaction{b, a},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := New(Options{Matcher: match.Default()})
			for _, s := range tc.steps {
				if s.begin {
					e.Begin()
					continue
				}
				assert.NilError(t, e.End(s.end, 0))
			}
			all, _ := e.Interactions()
			assert.DeepEqual(t, all, tc.want)
			stored, _ := e.Close()
			assert.Equal(t, stored, len(tc.want))
		})
	}
}

func TestEndClosed(t *testing.T) {
	cases := []struct {
		name string
		stop func(*Engine)
	}{
		{name: "Close", stop: func(e *Engine) { e.Close() }},
		{name: "Discard", stop: func(e *Engine) { e.Discard() }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := New(Options{Matcher: match.Default()})
			e.Begin()
			tc.stop(e)
			assert.ErrorIs(t, e.End(recording(get("https://api.test/a"), "a"), 0), ErrClosed)
			assert.Equal(t, e.Len(), 0)
			stored, _ := e.Close()
			assert.Equal(t, stored, 0)
		})
	}
}

// TestCloseStoresFinished checks that Close stores the round trips of a
// group that ended, sorted, though others are still in flight.
func TestCloseStoresFinished(t *testing.T) {
	a := recording(get("https://api.test/a"), "a")
	b := recording(get("https://api.test/b"), "b")
	e := New(Options{Matcher: match.Default()})
	e.Begin()
	e.Begin()
	e.Begin()
	assert.NilError(t, e.End(b, 0))
	assert.NilError(t, e.End(a, 0))
	assert.Equal(t, e.Len(), 0)

	stored, first := e.Close()
	assert.Equal(t, stored, 2)
	assert.Assert(t, first)
	assert.Equal(t, e.Len(), 2)
	assert.DeepEqual(t, positions(t, e, []*cassette.Interaction{a, b}), []int{0, 1})
	assert.ErrorIs(t, e.End(recording(get("https://api.test/c"), "c"), 0), ErrClosed)
	assert.Equal(t, e.Len(), 2)
}

func TestStore(t *testing.T) {
	e := loaded(t, Options{Reuse: Last}, recordings("https://api.test/a", 2)...)
	id, err := e.Store(recording(get("https://api.test/b"), "b"), 9)
	assert.NilError(t, err)
	assert.Equal(t, id, 2)
	assert.Equal(t, e.Source(2), 9)
	_, used := e.Interactions()
	assert.DeepEqual(t, used, []bool{false, false, true})
	// Stored means used: under Last it answers again, as a repeat.
	assert.DeepEqual(t, claim(t, e, get("https://api.test/b")), claimed{ID: 2, Repeated: true, Answer: "b"})

	e.Close()
	_, err = e.Store(recording(get("https://api.test/c"), "c"), 0)
	assert.ErrorIs(t, err, ErrClosed)
	assert.Equal(t, e.Len(), 3)
}

func TestReplaceKeepsPosition(t *testing.T) {
	e := loaded(t, Options{}, recordings("https://api.test/a", 3)...)
	e.Load(recordings("https://api.test/b", 1), 4)
	fresh := recording(get("https://api.test/a"), "fresh")
	assert.NilError(t, e.Replace(1, fresh))
	assert.NilError(t, e.Replace(3, recording(get("https://api.test/b"), "fresh b")))

	all, used := e.Interactions()
	assert.Equal(t, len(all), 4)
	assert.Equal(t, all[1], fresh)
	assert.DeepEqual(t, used, []bool{false, true, false, true})
	assert.DeepEqual(t, []int{e.Source(1), e.Source(3)}, []int{0, 4}) // Replace keeps the source
	// Under Once the refreshed recording is used: the others answer.
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), claimed{ID: 0, Answer: "0"})
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), claimed{ID: 2, Answer: "2"})
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), miss)
	stored, _ := e.Close()
	assert.Equal(t, stored, 2)
}

// TestReplaceRefiles checks that a replacement whose request changed (an
// AfterCapture hook edited it) is found by its new request only.
func TestReplaceRefiles(t *testing.T) {
	cases := []struct {
		name     string
		reuse    Reuse
		recorded []string
		id       int    // the recording replaced
		by       string // with a recording of this URL, answered "new"
		claims   []string
		want     []claimed
	}{
		{
			name:     "the new request finds it, the old one no longer",
			reuse:    Always,
			recorded: []string{"https://api.test/a", "https://api.test/x"},
			id:       0,
			by:       "https://api.test/c",
			claims:   []string{"https://api.test/c", "https://api.test/a", "https://api.test/x"},
			want:     []claimed{{ID: 0, Repeated: true, Answer: "new"}, miss, {ID: 1, Answer: "1"}},
		},
		{
			name:     "filed in recorded order among its new key",
			reuse:    Always,
			recorded: []string{"https://api.test/a", "https://api.test/b"},
			id:       0,
			by:       "https://api.test/b",
			claims:   []string{"https://api.test/b", "https://api.test/a"},
			want:     []claimed{{ID: 0, Repeated: true, Answer: "new"}, miss},
		},
		{
			name:     "filed after an earlier recording of its new key",
			reuse:    Last,
			recorded: []string{"https://api.test/b", "https://api.test/a", "https://api.test/a"},
			id:       2,
			by:       "https://api.test/b",
			claims:   []string{"https://api.test/b", "https://api.test/b", "https://api.test/a", "https://api.test/a"},
			want: []claimed{
				{ID: 0, Answer: "0"}, {ID: 2, Repeated: true, Answer: "new"},
				{ID: 1, Answer: "1"}, {ID: 1, Repeated: true, Answer: "1"},
			},
		},
		{
			name:     "used under Once",
			reuse:    Once,
			recorded: []string{"https://api.test/a", "https://api.test/b", "https://api.test/b"},
			id:       2,
			by:       "https://api.test/a",
			claims:   []string{"https://api.test/a", "https://api.test/a", "https://api.test/b", "https://api.test/b"},
			want:     []claimed{{ID: 0, Answer: "0"}, miss, {ID: 1, Answer: "1"}, miss},
		},
	}
	for _, tc := range cases {
		for mname, m := range claimMatchers() {
			t.Run(tc.name+"/"+mname, func(t *testing.T) {
				var ins []*cassette.Interaction
				for i, u := range tc.recorded {
					ins = append(ins, recording(get(u), string(rune('0'+i))))
				}
				e := loaded(t, Options{Matcher: m, Reuse: tc.reuse}, ins...)
				assert.NilError(t, e.Replace(tc.id, recording(get(tc.by), "new")))
				var got []claimed
				for _, u := range tc.claims {
					got = append(got, claim(t, e, get(u)))
				}
				assert.DeepEqual(t, got, tc.want)
			})
		}
	}
}

func TestReplaceClosed(t *testing.T) {
	ins := recordings("https://api.test/a", 1)
	e := loaded(t, Options{}, ins...)
	e.Close()
	assert.ErrorIs(t, e.Replace(0, recording(get("https://api.test/b"), "b")), ErrClosed)
	all, used := e.Interactions()
	assert.Equal(t, all[0], ins[0])
	assert.DeepEqual(t, used, []bool{false})
}
