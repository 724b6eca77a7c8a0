package recorder

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// steps is a log of what hooks saw, safe for concurrent use.
type steps struct {
	mu   sync.Mutex
	list []string
}

func (s *steps) add(step string) {
	s.mu.Lock()
	s.list = append(s.list, step)
	s.mu.Unlock()
}
func (s *steps) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.list...)
}

// TestHookOrder records and replays one request with every kind of hook
// and checks the documented order: AfterCapture sees the secrets and what
// it adds is redacted; BeforeSave sees the redacted interaction and what it
// changes is written; BeforeReplay sees Secret placeholders restored and
// changes only what the client gets. The client of a recording gets the
// response as the server sent it.
func TestHookOrder(t *testing.T) {
	tr := echoServer(t)
	fsys := afero.NewMemMapFs()
	const echo = "sekrit-aaa111"
	redaction := WithRedaction(redact.Secret("<ECHO>", func() string { return echo }))
	var seen steps
	req := func() *http.Request {
		return newRequest(t, "GET", api+"/h", nil, http.Header{"Authorization": {"Bearer tok-aaa111"}, "X-Echo": {echo}})
	}

	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), redaction,
		AfterCapture(func(in *cassette.Interaction) error {
			seen.add("AfterCapture 1: " + in.Request.Headers.Get("Authorization"))
			in.Response.Headers.Set("X-Api-Key", "added-by-hook")
			return nil
		}),
		AfterCapture(func(in *cassette.Interaction) error {
			seen.add("AfterCapture 2: X-Api-Key " + in.Response.Headers.Get("X-Api-Key"))
			return nil
		}),
		BeforeSave(func(c *cassette.Cassette) error {
			in := c.Interactions[0]
			seen.add("BeforeSave: " + in.Request.Headers.Get("Authorization") + ", X-Api-Key " + in.Response.Headers.Get("X-Api-Key") + ", " + string(in.Response.Body))
			c.Comment = "edited by BeforeSave"
			return nil
		}),
	)
	assert.NilError(t, err)
	got := do(t, rec.Client(), req())
	assert.Equal(t, string(got.Body), `{"path":"/h","echo":"sekrit-aaa111"}`)
	assert.Equal(t, got.Header.Get("X-Api-Key"), "", "the client must get the response as the server sent it")
	assert.NilError(t, rec.Close())

	data, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	for _, want := range []string{"# edited by BeforeSave\n", "Authorization: [Bearer REDACTED]", "X-Api-Key: [REDACTED]", `"echo": "<ECHO>"`} {
		assert.Assert(t, strings.Contains(string(data), want), "the cassette lacks %q:\n%s", want, data)
	}
	for _, secret := range []string{"tok-aaa111", echo, "added-by-hook"} {
		assert.Assert(t, !strings.Contains(string(data), secret), "the cassette holds %q:\n%s", secret, data)
	}

	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), redaction,
		BeforeReplay(func(in *cassette.Interaction) error {
			seen.add("BeforeReplay: " + in.Request.Headers.Get("Authorization") + ", " + string(in.Response.Body))
			in.Response.Headers.Set("X-Replayed", "yes")
			return nil
		}))
	assert.NilError(t, err)
	got = do(t, rec.Client(), req())
	assert.Equal(t, string(got.Body), `{"path":"/h","echo":"sekrit-aaa111"}`)
	assert.Equal(t, got.Header.Get("X-Replayed"), "yes")
	assert.NilError(t, rec.Close())
	after, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Equal(t, string(after), string(data), "replay changed the cassette")

	assert.DeepEqual(t, seen.all(), []string{
		"AfterCapture 1: Bearer tok-aaa111",
		"AfterCapture 2: X-Api-Key added-by-hook",
		`BeforeSave: Bearer REDACTED, X-Api-Key REDACTED, {"path":"/h","echo":"<ECHO>"}`,
		`BeforeReplay: Bearer REDACTED, {"path":"/h","echo":"sekrit-aaa111"}`,
	})
}

// TestHookErrors checks that an error from each hook stops what it guards
// and is reported with the hook's name, and that nil hooks are refused.
func TestHookErrors(t *testing.T) {
	boom := errors.New("boom")
	t.Run("AfterCapture", func(t *testing.T) {
		fsys := afero.NewMemMapFs()
		rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(echoServer(t)),
			AfterCapture(func(*cassette.Interaction) error { return boom }))
		assert.NilError(t, err)
		_, err = rec.RoundTrip(newRequest(t, "GET", api+"/h", nil, nil))
		assert.ErrorIs(t, err, boom)
		assert.ErrorContains(t, err, "tapedeck: GET http://api.example.test/h: an AfterCapture hook failed, so the interaction was not recorded: boom")
		assert.NilError(t, rec.Close())
		_, err = fsys.Stat("c.yaml")
		assert.Assert(t, errors.Is(err, afero.ErrFileNotFound), "nothing was recorded, so nothing must be written: %v", err)
	})
	t.Run("BeforeSave", func(t *testing.T) {
		fsys := afero.NewMemMapFs()
		rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(echoServer(t)),
			BeforeSave(func(*cassette.Cassette) error { return boom }))
		assert.NilError(t, err)
		get(t, rec.Client(), api+"/h")
		err = rec.Close()
		assert.ErrorIs(t, err, boom)
		assert.ErrorContains(t, err, "tapedeck: c.yaml was not saved: a BeforeSave hook failed, and nothing was written: boom")
		assert.Equal(t, rec.Close(), err, "Close must return the first result again")
		_, err = fsys.Stat("c.yaml")
		assert.Assert(t, errors.Is(err, afero.ErrFileNotFound), "%v", err)
	})
	t.Run("BeforeReplay", func(t *testing.T) {
		rec, err := Open("fixtures/example", WithMode(ModeReplay), WithTransport(&offline{}),
			BeforeReplay(func(*cassette.Interaction) error { return boom }))
		assert.NilError(t, err)
		_, err = rec.RoundTrip(newRequest(t, "GET", api+"/hello", nil, nil))
		assert.ErrorIs(t, err, boom)
		assert.ErrorContains(t, err, "tapedeck: GET http://api.example.test/hello: a BeforeReplay hook failed: boom")
		assert.NilError(t, rec.Close())
	})
	for _, tc := range []struct {
		name string
		opt  Option
		want string
	}{
		{name: "nil AfterCapture", opt: AfterCapture(nil), want: "tapedeck: c.yaml: AfterCapture(nil): pass a function that edits the interaction"},
		{name: "nil BeforeSave", opt: BeforeSave(nil), want: "tapedeck: c.yaml: BeforeSave(nil): pass a function that edits the cassette"},
		{name: "nil BeforeReplay", opt: BeforeReplay(nil), want: "tapedeck: c.yaml: BeforeReplay(nil): pass a function that edits the interaction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open("c.yaml", WithFS(afero.NewMemMapFs()), tc.opt)
			assert.Error(t, err, tc.want)
		})
	}
}

// TestBeforeSaveAddsNoSecret checks that what a BeforeSave hook adds is
// scanned: a token it writes into a body stops the save.
func TestBeforeSaveAddsNoSecret(t *testing.T) {
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(echoServer(t)),
		BeforeSave(func(c *cassette.Cassette) error {
			c.Interactions[0].Response.Body = []byte(`{"value":"` + plantedToken + `"}`)
			return nil
		}))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/h")
	err = rec.Close()
	assert.ErrorIs(t, err, ErrSecret)
	assert.ErrorContains(t, err, "interaction #1 (GET http://api.example.test/h, recorded by this run): response.body $.value: GitHub token")
	_, err = fsys.Stat("c.yaml")
	assert.Assert(t, errors.Is(err, afero.ErrFileNotFound), "%v", err)
}

// TestBeforeSaveEditsACopy checks that a BeforeSave hook that drops
// interactions changes the file, not the Recorder: under New, the report
// of unused interactions, which runs after the save, still describes the
// cassette the test replayed.
func TestBeforeSaveEditsACopy(t *testing.T) {
	tr := echoServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/a")
	get(t, rec.Client(), api+"/b")
	assert.NilError(t, rec.Close())

	ft := &fakeT{name: "TestX"}
	rec, fatal := newFake(ft, "c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr),
		BeforeSave(func(c *cassette.Cassette) error {
			c.Interactions = c.Interactions[1:] // drop GET /a
			return nil
		}))
	assert.Equal(t, fatal, "")
	get(t, rec.Client(), api+"/b")
	get(t, rec.Client(), api+"/c")
	ft.finish()
	assert.DeepEqual(t, ft.errors, []string(nil))
	assert.Equal(t, len(ft.logs), 1)
	assert.Assert(t, strings.Contains(ft.logs[0], "1 of 3 recorded interaction(s) in c.yaml were not used by this test:\n  c.yaml:3: GET http://api.example.test/a\n"), ft.logs[0])

	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.DeepEqual(t, urls(c), []string{"/b", "/c"})
}

// TestCopyInteractionIsDeep: a hook's copy shares nothing a hook could
// change in place with the recording.
func TestCopyInteractionIsDeep(t *testing.T) {
	in := &cassette.Interaction{
		Request: cassette.Request{Headers: http.Header{"A": {"1"}}, Body: []byte("req")},
		Response: cassette.Response{Headers: http.Header{"B": {"2"}}, Trailers: http.Header{"C": {"3"}}, Body: []byte("resp"),
			EventTimes: []time.Duration{time.Second}, Chunks: []cassette.Chunk{{Size: 4, At: time.Second}}},
	}
	out := copyInteraction(in)
	out.Request.Headers["A"][0] = "x"
	out.Request.Body[0] = 'x'
	out.Response.Headers["B"][0] = "x"
	out.Response.Trailers["C"][0] = "x"
	out.Response.Body[0] = 'x'
	out.Response.EventTimes[0] = time.Hour
	out.Response.Chunks[0].At = time.Hour
	assert.DeepEqual(t, in, &cassette.Interaction{
		Request: cassette.Request{Headers: http.Header{"A": {"1"}}, Body: []byte("req")},
		Response: cassette.Response{Headers: http.Header{"B": {"2"}}, Trailers: http.Header{"C": {"3"}}, Body: []byte("resp"),
			EventTimes: []time.Duration{time.Second}, Chunks: []cassette.Chunk{{Size: 4, At: time.Second}}},
	})
}
