package cachetests

import (
	"net/http"
	"time"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
)

// Tapedeck is the subject of a tapedeck Recorder opened with opts (a
// cache preset), its cassette in memory, its clock the case's.
func Tapedeck(name string, opts ...recorder.Option) Subject {
	return Subject{Name: name, New: func(next http.RoundTripper, now func() time.Time) (http.RoundTripper, func() error, error) {
		all := append([]recorder.Option{
			recorder.WithFS(afero.NewMemMapFs()),
			recorder.WithTransport(next),
			recorder.WithClock(now),
			recorder.WithLogger(func(string, ...any) {}),
		}, opts...)
		r, err := recorder.Open("cache", all...)
		if err != nil {
			return nil, nil, err
		}
		return r, r.Close, nil
	}}
}
