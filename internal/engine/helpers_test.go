package engine

import (
	"fmt"
	"hash/maphash"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
	"gotest.tools/v3/assert"
)

// get is a GET request for url, with no headers and no body.
func get(url string) *cassette.Request {
	return &cassette.Request{Method: http.MethodGet, URL: url}
}

// jsonPost is a POST of body to url as application/json.
func jsonPost(url, body string) *cassette.Request {
	return &cassette.Request{
		Method:  http.MethodPost,
		URL:     url,
		Headers: http.Header{"Content-Type": {"application/json"}},
		Body:    []byte(body),
	}
}

// recording is an interaction for req whose response body is answer, so
// that a test can tell which recording answered.
func recording(req *cassette.Request, answer string) *cassette.Interaction {
	return &cassette.Interaction{
		Request: *req,
		Response: cassette.Response{
			Status:  "200 OK",
			Code:    http.StatusOK,
			Proto:   "HTTP/1.1",
			Headers: http.Header{"Content-Length": {strconv.Itoa(len(answer))}},
			Body:    []byte(answer),
		},
	}
}

// recordings are n recordings of GET url, answered "0", "1", ... in order.
func recordings(url string, n int) []*cassette.Interaction {
	ins := make([]*cassette.Interaction, n)
	for i := range ins {
		ins[i] = recording(get(url), strconv.Itoa(i))
	}
	return ins
}

// loaded returns an engine with o's rules holding ins, loaded under tag 0.
func loaded(t testing.TB, o Options, ins ...*cassette.Interaction) *Engine {
	t.Helper()
	if o.Matcher == nil {
		o.Matcher = match.Default()
	}
	e := New(o)
	assert.Equal(t, e.Load(ins, 0), 0)
	assert.Equal(t, e.Len(), len(ins))
	return e
}

// claimed is what one Claim returned, reduced to what tests compare: the
// position of the hit (-1 for none), whether it was a repeat, and the
// recorded answer.
type claimed struct {
	ID       int
	Repeated bool
	Answer   string
}

// claim claims live from e and fails the test on an error.
func claim(t testing.TB, e *Engine, live *cassette.Request) claimed {
	t.Helper()
	hit, _, err := e.Claim(live)
	assert.NilError(t, err)
	return summary(t, hit)
}

// summary reduces hit to a claimed, checking that its parts agree.
func summary(t testing.TB, hit Hit) claimed {
	t.Helper()
	if hit.Interaction == nil {
		assert.Assert(t, hit.Template == nil, "a miss carries a template")
		return claimed{ID: -1}
	}
	assert.Assert(t, hit.Template != nil, "a hit carries no template")
	assert.Equal(t, string(hit.Template.Body()), string(hit.Interaction.Response.Body))
	return claimed{ID: hit.ID, Repeated: hit.Repeated, Answer: string(hit.Interaction.Response.Body)}
}

// sameURL is a Func that accepts a recording of the live URL.
func sameURL(live, recorded *cassette.Request) error {
	if live.URL != recorded.URL {
		return fmt.Errorf("url %s is not %s", recorded.URL, live.URL)
	}
	return nil
}

// claimMatchers are matchers that accept exactly the requests with the same
// method and URL, each taking another path through claim: the exact key,
// a key that Match must confirm, and no key at all.
func claimMatchers() map[string]match.Matcher {
	return map[string]match.Matcher{
		"Default (exact key)": match.Default(),
		"Func keyed on method": match.Func("same url", func(live, recorded *cassette.Request) error {
			return sameURL(live, recorded)
		}, match.KeyOn(match.Method())),
		"Func without key": match.Func("same url", sameURL),
	}
}

// miss is what claimed says when nothing answered.
var miss = claimed{ID: -1}

// counting wraps a Keyer and counts its Match calls; it is exact exactly
// when the wrapped matcher is, so the engine takes the same path with it.
type counting struct {
	inner match.Keyer
	calls *atomic.Int64
}

func newCounting(inner match.Keyer) counting {
	return counting{inner: inner, calls: new(atomic.Int64)}
}

func (c counting) Match(live, recorded *cassette.Request) error {
	c.calls.Add(1)
	return c.inner.Match(live, recorded)
}

func (c counting) Key(r *cassette.Request, h *maphash.Hash) { c.inner.Key(r, h) }

func (c counting) KeyIsExact() bool { return match.IsExact(c.inner) }
