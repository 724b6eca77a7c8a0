package recorder

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// liveTransport answers every request with "live <host><path>" and counts
// them: the real transport of the passthrough tests.
type liveTransport struct{ n atomic.Int64 }

func (l *liveTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	l.n.Add(1)
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"text/plain"}},
		Body:    io.NopCloser(strings.NewReader("live " + req.URL.Host + req.URL.Path)),
		Request: req,
	}, nil
}

const telemetry = "http://telemetry.example.test/ping"

// TestPassthroughNeverRecordedOrReplayed sends a request that IgnoreHosts
// claims, in every mode, to a cassette that holds a recording of it: the
// request goes to the real transport, its recording is not replayed (nor
// counted as used), and the cassette file does not change.
func TestPassthroughNeverRecordedOrReplayed(t *testing.T) {
	for _, mode := range []Mode{ModeOnce, ModeReplay, ModeRecordMissing, ModeUpdate, ModeRerecord, ModePassthrough} {
		t.Run(mode.String(), func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{{
				Request:  cassette.Request{Method: "GET", URL: telemetry},
				Response: cassette.Response{Code: 200, Status: "200 OK", Body: []byte("recorded")},
			}}}
			assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
			before, err := afero.ReadFile(fsys, "c.yaml")
			assert.NilError(t, err)

			live := &liveTransport{}
			rec, err := Open("c", WithFS(fsys), WithMode(mode), WithTransport(live), IgnoreHosts("telemetry.example.test"))
			assert.NilError(t, err)
			for range 2 {
				got := get(t, rec.Client(), telemetry)
				assert.Equal(t, string(got.Body), "live telemetry.example.test/ping")
			}
			assert.Equal(t, live.n.Load(), int64(2))
			_, used := rec.eng.Interactions()
			// ModeRerecord and ModePassthrough do not read the file.
			assert.Assert(t, len(used) == 0 || !used[0], "the recording was replayed")
			assert.NilError(t, rec.Close())

			after, err := afero.ReadFile(fsys, "c.yaml")
			assert.NilError(t, err)
			assert.Equal(t, string(after), string(before))
		})
	}
}

// TestPassthroughNotRecordedAlongside records a request next to one that a
// WithPassthrough rule claims: only the first is written, and it replays.
func TestPassthroughNotRecordedAlongside(t *testing.T) {
	tr := echoServer(t)
	fsys := afero.NewMemMapFs()
	var asked atomic.Int64
	local := WithPassthrough(func(req *http.Request) bool {
		asked.Add(1)
		return req.URL.Path == "/metrics"
	})
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), local)
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/metrics")
	get(t, rec.Client(), api+"/items")
	assert.NilError(t, rec.Close())
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.DeepEqual(t, urls(c), []string{"/items"})
	assert.Equal(t, asked.Load(), int64(2))

	live := &liveTransport{}
	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(live), local)
	assert.NilError(t, err)
	assert.Equal(t, string(get(t, rec.Client(), api+"/items").Body), `{"path":"/items","echo":""}`)
	assert.Equal(t, string(get(t, rec.Client(), api+"/metrics").Body), "live api.example.test/metrics")
	assert.Equal(t, live.n.Load(), int64(1))
	assert.NilError(t, rec.Close())

	_, err = rec.RoundTrip(newRequest(t, "GET", api+"/metrics", nil, nil))
	assert.Error(t, err, "tapedeck: GET http://api.example.test/metrics: the recorder for c.yaml is closed (the test ended or Close was called)")
	assert.Equal(t, live.n.Load(), int64(1), "a closed recorder must not pass requests through")
}
func TestIgnoreHostsMatches(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hosts []string
		url   string
		want  bool
	}{
		{name: "host on any port", hosts: []string{"localhost"}, url: "http://localhost:8080/x", want: true},
		{name: "host without port", hosts: []string{"localhost"}, url: "http://localhost/x", want: true},
		{name: "case-insensitive", hosts: []string{"LocalHost"}, url: "http://LOCALHOST:1/x", want: true},
		{name: "port given", hosts: []string{"localhost:8080"}, url: "http://localhost:8080/", want: true},
		{name: "other port", hosts: []string{"localhost:8080"}, url: "http://localhost:9090/", want: false},
		{name: "IPv6 on any port", hosts: []string{"[::1]"}, url: "http://[::1]:8080/", want: true},
		{name: "IPv6 with port", hosts: []string{"[::1]:8080"}, url: "http://[::1]:8080/", want: true},
		{name: "IPv4", hosts: []string{"127.0.0.1"}, url: "http://127.0.0.1:4318/v1/traces", want: true},
		{name: "not a subdomain", hosts: []string{"example.com"}, url: "https://api.example.com/", want: false},
		{name: "one of several", hosts: []string{"a.test", "b.test"}, url: "https://b.test/", want: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := Open("c", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), IgnoreHosts(tc.hosts...))
			assert.NilError(t, err)
			assert.Equal(t, rec.set.claims(newRequest(t, "GET", tc.url, nil, nil)), tc.want)
		})
	}
}
func TestRouteOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Option
		want string
	}{
		{name: "nil rule", opt: WithPassthrough(nil), want: "tapedeck: c.yaml: WithPassthrough(nil): pass a function that says which requests go to the network"},
		{name: "no hosts", opt: IgnoreHosts(), want: "tapedeck: c.yaml: IgnoreHosts(): name at least one host"},
		{name: "empty host", opt: IgnoreHosts(""), want: `tapedeck: c.yaml: IgnoreHosts(""): name a host such as "localhost" or "localhost:8080", not a URL`},
		{name: "URL", opt: IgnoreHosts("http://localhost"), want: `tapedeck: c.yaml: IgnoreHosts("http://localhost"): name a host such as "localhost" or "localhost:8080", not a URL`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open("c.yaml", WithFS(afero.NewMemMapFs()), tc.opt)
			assert.Error(t, err, tc.want)
		})
	}
}
