package recorder

import (
	"fmt"
	"strings"
	"testing"
)

// Unused says what New does, when a test ends, about recorded interactions
// that the test never used, so that cassettes do not silently rot.
type Unused int

const (
	// UnusedLog, the default, lists them in the test log (t.Log), with
	// where each one is in the cassette and how to prune them.
	UnusedLog Unused = iota
	// UnusedIgnore says nothing: for a cassette shared by several tests,
	// each using part of it.
	UnusedIgnore
	// UnusedFail reports them as a test failure (t.Error), to keep
	// cassettes pruned in CI.
	UnusedFail
)

// WithUnused sets what New does about recorded interactions that the test
// never used (see Unused). They are reported only when the test passed
// and the mode replays (not in ModeRerecord or ModePassthrough); Open never
// reports them.
func WithUnused(u Unused) Option {
	return func(c *config) error {
		if u < UnusedLog || u > UnusedFail {
			return fmt.Errorf("WithUnused(%d): not an Unused value; use recorder.UnusedLog, UnusedIgnore or UnusedFail", int(u))
		}
		c.unused = u
		return nil
	}
}

// maxUnusedListed is how many unused interactions a report lists.
const maxUnusedListed = 20

// reportUnused tells t about the interactions that were never used, as
// WithUnused says.
func (r *Recorder) reportUnused(t testing.TB) {
	s := r.set
	if s.unused == UnusedIgnore || s.mode == ModeRerecord || s.mode == ModePassthrough {
		return
	}
	ins, used := r.eng.Interactions()
	var unused []int
	for i, u := range used {
		if !u {
			unused = append(unused, i)
		}
	}
	total := len(ins)
	if len(unused) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "tapedeck: %d of %d recorded interaction(s) in %s were not used by this test:\n", len(unused), total, s.path)
	for n, i := range unused {
		if n == maxUnusedListed {
			fmt.Fprintf(&b, "  … and %d more\n", len(unused)-n)
			break
		}
		in := ins[i]
		at := fmt.Sprintf("#%d", i+1)
		if in.Line > 0 {
			at = fmt.Sprintf("%s:%d", s.path, in.Line)
		}
		fmt.Fprintf(&b, "  %s: %s %s\n", at, in.Request.Method, in.Request.URL)
	}
	fmt.Fprintf(&b, "to prune them, delete them from the file, or re-record the cassette with:\n  %s\n", s.rerecord)
	b.WriteString("(recorder.WithUnused(recorder.UnusedIgnore) turns this report off, for a cassette that several tests share)")
	if s.unused == UnusedFail {
		t.Errorf("%s", b.String())
	} else {
		t.Logf("%s", b.String())
	}
}
