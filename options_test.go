package recorder

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Option
		err  string
	}{
		{"mode", WithMode(0), "tapedeck: c.yaml: WithMode(Mode(0)): not a mode; use one of the Mode constants such as recorder.ModeReplay"},
		{"transport", WithTransport(nil), "tapedeck: c.yaml: WithTransport(nil): pass a transport, or leave the option out to use http.DefaultTransport"},
		{"fs", WithFS(nil), "tapedeck: c.yaml: WithFS(nil): pass a filesystem, or leave the option out to use the disk"},
		{"matcher", WithMatcher(nil), "tapedeck: c.yaml: WithMatcher(nil): pass a matcher such as match.Default()"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open("c.yaml", tc.opt)
			assert.Error(t, err, tc.err)
		})
	}
	_, err := Open("")
	assert.ErrorContains(t, err, "empty cassette path")
}
