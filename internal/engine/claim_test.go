package engine

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
	"gotest.tools/v3/assert"
)

func TestClaimReuse(t *testing.T) {
	// /a is recorded three times, with a /b between the first two.
	ins := []*cassette.Interaction{
		recording(get("https://api.test/a"), "a0"),
		recording(get("https://api.test/b"), "b"),
		recording(get("https://api.test/a"), "a1"),
		recording(get("https://api.test/a"), "a2"),
	}
	cases := []struct {
		name  string
		reuse Reuse
		want  []claimed // for five claims of /a, then one of /b
	}{
		{
			name:  "Once gives each recording once, in recorded order",
			reuse: Once,
			want: []claimed{
				{ID: 0, Answer: "a0"}, {ID: 2, Answer: "a1"}, {ID: 3, Answer: "a2"}, miss, miss,
				{ID: 1, Answer: "b"},
			},
		},
		{
			name:  "Last gives the last match again once all are used",
			reuse: Last,
			want: []claimed{
				{ID: 0, Answer: "a0"}, {ID: 2, Answer: "a1"}, {ID: 3, Answer: "a2"},
				{ID: 3, Repeated: true, Answer: "a2"}, {ID: 3, Repeated: true, Answer: "a2"},
				{ID: 1, Answer: "b"},
			},
		},
		{
			name:  "Always gives the first match every time",
			reuse: Always,
			want: []claimed{
				{ID: 0, Answer: "a0"}, {ID: 0, Repeated: true, Answer: "a0"}, {ID: 0, Repeated: true, Answer: "a0"},
				{ID: 0, Repeated: true, Answer: "a0"}, {ID: 0, Repeated: true, Answer: "a0"},
				{ID: 1, Answer: "b"},
			},
		},
	}
	for _, tc := range cases {
		for mname, m := range claimMatchers() {
			t.Run(tc.name+"/"+mname, func(t *testing.T) {
				e := loaded(t, Options{Matcher: m, Reuse: tc.reuse}, ins...)
				var got []claimed
				for range 5 {
					got = append(got, claim(t, e, get("https://api.test/a")))
				}
				got = append(got, claim(t, e, get("https://api.test/b")))
				assert.DeepEqual(t, got, tc.want)
				assert.DeepEqual(t, claim(t, e, get("https://api.test/c")), miss)
			})
		}
	}
}

func TestClaimSourceAndTemplate(t *testing.T) {
	e := New(Options{Matcher: match.Default()})
	e.Load(recordings("https://api.test/a", 1), 0)
	e.Load(recordings("https://api.test/b", 1), 4)
	hit, _, err := e.Claim(get("https://api.test/b"))
	assert.NilError(t, err)
	assert.Equal(t, hit.ID, 1)
	assert.Equal(t, hit.Source, 4)
	ins, _ := e.Interactions()
	assert.Equal(t, hit.Interaction, ins[1])
	resp := hit.Template.Response(nil, http.NoBody)
	assert.Equal(t, resp.StatusCode, http.StatusOK)
	assert.Equal(t, resp.ContentLength, int64(1))
}

// TestClaimConcurrent claims one request from many goroutines at once: each
// of n claims of n identical recordings gets a distinct one (run with
// -race).
func TestClaimConcurrent(t *testing.T) {
	const n = 64
	cases := []struct {
		name   string
		reuse  Reuse
		claims int
	}{
		{name: "Once", reuse: Once, claims: n},
		{name: "Last, more claims than recordings", reuse: Last, claims: 2 * n},
	}
	for _, tc := range cases {
		for mname, m := range claimMatchers() {
			t.Run(tc.name+"/"+mname, func(t *testing.T) {
				e := loaded(t, Options{Matcher: m, Reuse: tc.reuse}, recordings("https://api.test/a", n)...)
				got := make([]Hit, tc.claims)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range got {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						hit, _, err := e.Claim(get("https://api.test/a"))
						if err != nil {
							t.Errorf("claim %d: %v", i, err)
						}
						got[i] = hit
					}()
				}
				close(start)
				wg.Wait()

				var fresh []int
				repeats := 0
				for _, h := range got {
					assert.Assert(t, h.Interaction != nil, "a claim got nothing")
					assert.Equal(t, string(h.Interaction.Response.Body), fmt.Sprint(h.ID))
					if h.Repeated {
						assert.Equal(t, h.ID, n-1, "a repeat is not the last recording")
						repeats++
						continue
					}
					fresh = append(fresh, h.ID)
				}
				slices.Sort(fresh)
				want := make([]int, n)
				for i := range want {
					want[i] = i
				}
				assert.DeepEqual(t, fresh, want)
				assert.Equal(t, repeats, tc.claims-n)
				_, used := e.Interactions()
				assert.Assert(t, !slices.Contains(used, false), "unused recordings: %v", used)
			})
		}
	}
}

// TestClaimRedacted checks the second try: a live request that matches
// nothing as it was sent is redacted like the recordings and tried again.
func TestClaimRedacted(t *testing.T) {
	const recorded = "https://api.test/v1/items?api_key=REDACTED&page=2"
	cases := []struct {
		name      string
		red       *redact.Redactor
		live      string
		want      claimed
		shownURL  string // the URL of the returned request
		samePtr   bool   // the returned request is live itself
		liveAfter string // live's URL after the claim
	}{
		{
			name:     "a real key matches the redacted recording",
			red:      redact.Default(),
			live:     "https://api.test/v1/items?api_key=sk3cr3tv4lue&page=2",
			want:     claimed{ID: 0, Answer: "items"},
			shownURL: recorded,
		},
		{
			name:     "a real key that matches nothing is reported redacted",
			red:      redact.Default(),
			live:     "https://api.test/v1/items?api_key=sk3cr3tv4lue&page=3",
			want:     miss,
			shownURL: "https://api.test/v1/items?api_key=REDACTED&page=3",
		},
		{
			name:     "a request without secrets that matches is returned as it is",
			red:      redact.Default(),
			live:     "https://api.test/v1/ping",
			want:     claimed{ID: 1, Answer: "pong"},
			shownURL: "https://api.test/v1/ping",
			samePtr:  true,
		},
		{
			name:     "a request without secrets that misses is returned as it is",
			red:      redact.Default(),
			live:     "https://api.test/v1/nothing",
			want:     miss,
			shownURL: "https://api.test/v1/nothing",
			samePtr:  true,
		},
		{
			name:     "without a redactor there is no second try",
			red:      nil,
			live:     "https://api.test/v1/items?api_key=sk3cr3tv4lue&page=2",
			want:     miss,
			shownURL: "https://api.test/v1/items?api_key=sk3cr3tv4lue&page=2",
			samePtr:  true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := loaded(t, Options{Matcher: match.Default(), Redactor: tc.red},
				recording(get(recorded), "items"),
				recording(get("https://api.test/v1/ping"), "pong"))
			live := get(tc.live)
			hit, shown, err := e.Claim(live)
			assert.NilError(t, err)
			assert.DeepEqual(t, summary(t, hit), tc.want)
			assert.Equal(t, shown.URL, tc.shownURL)
			assert.Equal(t, shown == live, tc.samePtr)
			assert.Equal(t, live.URL, tc.live, "Claim changed the live request")
		})
	}
}

// TestClaimExactKey checks that an exact key spares the second match, and
// that a key Match must confirm does not.
func TestClaimExactKey(t *testing.T) {
	cases := []struct {
		name      string
		matcher   match.Keyer
		exact     bool
		recorded  []string
		live      string
		want      claimed
		wantCalls int64
	}{
		{
			name:      "ExactKeyer: the key decides",
			matcher:   match.Default(),
			exact:     true,
			recorded:  []string{"https://api.test/a", "https://api.test/a"},
			live:      "https://api.test/a",
			want:      claimed{ID: 0, Answer: "0"},
			wantCalls: 0,
		},
		{
			name:    "Func keyed on the method: Match decides within the key",
			matcher: match.Func("same url", sameURL, match.KeyOn(match.Method())).(match.Keyer),
			// Both GETs have one key; only the second has the live URL.
			recorded:  []string{"https://api.test/a", "https://api.test/b"},
			live:      "https://api.test/b",
			want:      claimed{ID: 1, Answer: "1"},
			wantCalls: 2,
		},
		{
			name:      "Func keyed on the method: a miss within the key",
			matcher:   match.Func("same url", sameURL, match.KeyOn(match.Method())).(match.Keyer),
			recorded:  []string{"https://api.test/a", "https://api.test/b"},
			live:      "https://api.test/c",
			want:      miss,
			wantCalls: 2,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newCounting(tc.matcher)
			assert.Equal(t, match.IsExact(m), tc.exact)
			var ins []*cassette.Interaction
			for i, u := range tc.recorded {
				ins = append(ins, recording(get(u), fmt.Sprint(i)))
			}
			e := loaded(t, Options{Matcher: m}, ins...)
			assert.DeepEqual(t, claim(t, e, get(tc.live)), tc.want)
			assert.Equal(t, m.calls.Load(), tc.wantCalls)
		})
	}
}

func TestClaimClosed(t *testing.T) {
	cases := []struct {
		name string
		stop func(*Engine)
	}{
		{name: "Close", stop: func(e *Engine) { e.Close() }},
		{name: "Discard", stop: func(e *Engine) { e.Discard() }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := loaded(t, Options{Redactor: redact.Default()}, recordings("https://api.test/a", 2)...)
			assert.DeepEqual(t, claim(t, e, get("https://api.test/a")), claimed{ID: 0, Answer: "0"})
			tc.stop(e)
			assert.Assert(t, e.Closed())
			for _, u := range []string{"https://api.test/a", "https://api.test/a?api_key=sk3cr3tv4lue"} {
				hit, _, err := e.Claim(get(u))
				assert.ErrorIs(t, err, ErrClosed)
				assert.Assert(t, hit.Interaction == nil && hit.Template == nil)
			}
			_, used := e.Interactions()
			assert.DeepEqual(t, used, []bool{true, false})
		})
	}
}
