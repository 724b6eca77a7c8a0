package engine

import (
	"net/url"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
	"gotest.tools/v3/assert"
)

func TestLoad(t *testing.T) {
	e := New(Options{Matcher: match.Default()})
	assert.Equal(t, e.Len(), 0)
	assert.Equal(t, e.Load(recordings("https://api.test/a", 2), 0), 0)
	assert.Equal(t, e.Load(nil, 3), 2)
	assert.Equal(t, e.Load(recordings("https://api.test/b", 3), 7), 2)
	assert.Equal(t, e.Len(), 5)

	var sources []int
	for id := range e.Len() {
		sources = append(sources, e.Source(id))
	}
	assert.DeepEqual(t, sources, []int{0, 0, 7, 7, 7})
	_, used := e.Interactions()
	assert.DeepEqual(t, used, []bool{false, false, false, false, false})
}

// TestLoadRedacts checks that Load leaves only redacted values in the
// recordings, so that a recording made with one key answers a request made
// with another.
func TestLoadRedacts(t *testing.T) {
	cases := []struct {
		name     string
		red      *redact.Redactor
		recorded string
		want     string // the recorded URL after Load
		live     string
		hit      bool
	}{
		{
			name:     "a key in the file is redacted",
			red:      redact.Default(),
			recorded: "https://api.test/v1/items?api_key=0ldk3yfr0mf1le",
			want:     "https://api.test/v1/items?api_key=REDACTED",
			live:     "https://api.test/v1/items?api_key=n3wk3yt0day",
			hit:      true,
		},
		{
			name:     "a URL without secrets stays",
			red:      redact.Default(),
			recorded: "https://api.test/v1/items?page=2",
			want:     "https://api.test/v1/items?page=2",
			live:     "https://api.test/v1/items?page=2",
			hit:      true,
		},
		{
			name:     "without a redactor the file is kept as it is",
			recorded: "https://api.test/v1/items?api_key=0ldk3yfr0mf1le",
			want:     "https://api.test/v1/items?api_key=0ldk3yfr0mf1le",
			live:     "https://api.test/v1/items?api_key=n3wk3yt0day",
			hit:      false,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := recording(get(tc.recorded), "items")
			e := loaded(t, Options{Redactor: tc.red}, in)
			assert.Equal(t, in.Request.URL, tc.want)
			hit, _, err := e.Claim(get(tc.live))
			assert.NilError(t, err)
			assert.Equal(t, hit.Interaction != nil, tc.hit)
		})
	}
}

func TestInteractionsAndResetUsed(t *testing.T) {
	ins := recordings("https://api.test/a", 3)
	e := loaded(t, Options{}, ins...)
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), claimed{ID: 0, Answer: "0"})
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), claimed{ID: 1, Answer: "1"})

	got, used := e.Interactions()
	assert.Equal(t, len(got), 3)
	for i := range got {
		assert.Equal(t, got[i], ins[i], "interaction %d", i)
	}
	assert.DeepEqual(t, used, []bool{true, true, false})

	e.ResetUsed()
	_, used = e.Interactions()
	assert.DeepEqual(t, used, []bool{false, false, false})
	assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), claimed{ID: 0, Answer: "0"})
}

// origin is a Form like serve's: the URL reduced to its path and query.
func origin(r *cassette.Request) cassette.Request {
	o := *r
	if u, err := url.Parse(r.URL); err == nil {
		o.URL = u.RequestURI()
	}
	return o
}

func TestForm(t *testing.T) {
	cases := []struct {
		name string
		form func(*cassette.Request) cassette.Request
		live string
		want claimed
	}{
		{name: "live requests match the form", form: origin, live: "/repos/1?page=2", want: claimed{ID: 0, Answer: "repo"}},
		{name: "not the recorded request", form: origin, live: "https://api.test/repos/1?page=2", want: miss},
		{name: "without a form the recorded request", live: "https://api.test/repos/1?page=2", want: claimed{ID: 0, Answer: "repo"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := recording(get("https://api.test/repos/1?page=2"), "repo")
			e := loaded(t, Options{Form: tc.form}, in)
			assert.DeepEqual(t, claim(t, e, get(tc.live)), tc.want)
			assert.Equal(t, in.Request.URL, "https://api.test/repos/1?page=2", "the form changed the recording")
		})
	}
}

func TestClose(t *testing.T) {
	e := loaded(t, Options{}, recordings("https://api.test/a", 1)...)
	_, err := e.Store(recording(get("https://api.test/b"), "b"), 0)
	assert.NilError(t, err)
	assert.NilError(t, e.Replace(0, recording(get("https://api.test/a"), "a")))
	assert.Assert(t, !e.Closed())

	stored, first := e.Close()
	assert.Equal(t, stored, 2)
	assert.Assert(t, first)
	assert.Assert(t, e.Closed())

	stored, first = e.Close()
	assert.Equal(t, stored, 2)
	assert.Assert(t, !first)
	assert.Equal(t, e.Discard(), 0, "Discard after Close")
	assert.Equal(t, e.Len(), 2)
}

func TestDiscard(t *testing.T) {
	e := loaded(t, Options{})
	_, err := e.Store(recording(get("https://api.test/a"), "a"), 0)
	assert.NilError(t, err)
	// One round trip ends while another is in flight: its group is not
	// added yet, and Discard drops it.
	e.Begin()
	e.Begin()
	assert.NilError(t, e.End(recording(get("https://api.test/b"), "b"), 0))

	assert.Equal(t, e.Discard(), 2)
	assert.Assert(t, e.Closed())
	assert.Equal(t, e.Len(), 1)
	assert.ErrorIs(t, e.End(recording(get("https://api.test/c"), "c"), 0), ErrClosed)
	assert.Equal(t, e.Len(), 1)
	assert.Equal(t, e.Discard(), 0)

	stored, first := e.Close()
	assert.Equal(t, stored, 2)
	assert.Assert(t, !first)
	assert.Equal(t, e.Len(), 1, "Close after Discard stored the dropped group")
}
