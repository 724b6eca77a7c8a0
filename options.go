package recorder

import (
	"fmt"
	"net/http"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/match"
)

// An Option configures a Recorder; pass options to New or Open.
type Option func(*config) error

// WithMode sets the mode, overriding TAPEDECK_MODE, -update and CI.
func WithMode(m Mode) Option {
	return func(c *config) error {
		if m < ModeOnce || m > ModePassthrough {
			return fmt.Errorf("WithMode(%v): not a mode; use one of the Mode constants such as recorder.ModeReplay", m)
		}
		c.mode = m
		return nil
	}
}

// WithTransport sets the real transport that requests go to when the mode
// allows the network. The default is http.DefaultTransport.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return fmt.Errorf("WithTransport(nil): pass a transport, or leave the option out to use http.DefaultTransport")
		}
		c.transport = rt
		return nil
	}
}

// WithFS sets the filesystem the cassette is read from and written to. The
// default is the disk (afero.NewOsFs()); afero.NewMemMapFs() keeps a test's
// cassette in memory, and afero.FromIOFS serves cassettes embedded with
// embed.FS (read-only: use it with ModeReplay).
func WithFS(fsys afero.Fs) Option {
	return func(c *config) error {
		if fsys == nil {
			return fmt.Errorf("WithFS(nil): pass a filesystem, or leave the option out to use the disk")
		}
		c.fs = fsys
		return nil
	}
}

// WithMatcher sets how a live request is matched with recorded ones. The
// default is match.Default(): method, full URL and body, the body read as
// its Content-Type says (JSON as JSON, forms as sets...). A matcher that is
// a match.Keyer (every built-in, match.All, a match.Func with KeyOn) keeps
// replay indexed; any other matcher is compared with every unused
// recording.
func WithMatcher(m match.Matcher) Option {
	return func(c *config) error {
		if m == nil {
			return fmt.Errorf("WithMatcher(nil): pass a matcher such as match.Default()")
		}
		c.matcher = m
		return nil
	}
}
