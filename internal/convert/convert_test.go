package convert

import (
	"net/http"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestDrops(t *testing.T) {
	var d Drops
	assert.Assert(t, d.Notes() == nil)
	d.Add("request trailers")
	d.Add("HTTP/2 pseudo-headers")
	d.Add("request trailers")
	assert.DeepEqual(t, d.Notes(), []string{
		"left out request trailers, in 2 interactions",
		"left out HTTP/2 pseudo-headers, in 1 interaction",
	})
}

func TestDurationProblem(t *testing.T) {
	assert.Equal(t, DurationProblem(0), "")
	assert.Equal(t, DurationProblem(MaxDuration), "")
	assert.Equal(t, DurationProblem(-time.Nanosecond), "is negative")
	assert.Equal(t, DurationProblem(MaxDuration+time.Nanosecond), "is longer than a day")
}

func TestResult(t *testing.T) {
	var r Result
	r.Add(nil, "a.har entry 1")
	r.Notef("skipped %d", 2)
	assert.DeepEqual(t, r.Sources, []string{"a.har entry 1"})
	assert.Equal(t, len(r.Interactions), 1)
	assert.DeepEqual(t, r.Notes, []string{"skipped 2"})
	assert.Assert(t, EmptyToNil(http.Header{}) == nil)
	assert.DeepEqual(t, EmptyToNil(http.Header{"A": {"b"}}), http.Header{"A": {"b"}})
	assert.Assert(t, BytesOrNil("") == nil)
	assert.DeepEqual(t, BytesOrNil("x"), []byte("x"))
}
