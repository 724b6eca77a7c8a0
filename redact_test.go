package recorder

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/fixtureserver"
	"github.com/tapedeck/recorder/match"
	"github.com/tapedeck/recorder/redact"
)

// echoServer answers every request with 200 and a body that echoes its
// X-Echo header, through a transport for http://api.example.test.
func echoServer(t *testing.T) http.RoundTripper {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q,"echo":%q}`, r.URL.Path, r.Header.Get("X-Echo"))
	}))
	t.Cleanup(srv.Close)
	tr := fixtureserver.Transport(srv.Listener.Addr().String())
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// headerMatcher also compares the named headers, value for value, so that
// tests see header redaction in matching.
type headerMatcher []string

func (m headerMatcher) Match(live, recorded *cassette.Request) error {
	for _, name := range m {
		if l, r := strings.Join(live.Headers.Values(name), ","), strings.Join(recorded.Headers.Values(name), ","); l != r {
			return fmt.Errorf("header %s: recorded %q, live %q", name, r, l)
		}
	}
	return nil
}

// TestRedactedValuesMatch records a request with one secret value and
// replays it with another, for every kind of filter: the live request is
// redacted like the recording, so it matches, and neither value is in the
// cassette.
func TestRedactedValuesMatch(t *testing.T) {
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	jsonType := http.Header{"Content-Type": {"application/json"}}
	var secret atomic.Value // what the Secret filter's function returns now
	for _, tc := range []struct {
		name     string
		opts     []redact.Option
		a, b     string // the value recorded, the value replayed
		req      func(t *testing.T, v string) *http.Request
		restored bool // the echo of the value in the response is restored on replay
	}{
		{name: "default Authorization", a: "tok-aaa111", b: "tok-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/h", nil, http.Header{"Authorization": {"Bearer " + v}})
		}},
		{name: "default Cookie", a: "sess-aaa111", b: "sess-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/h", nil, http.Header{"Cookie": {"session=" + v + "; theme=dark"}})
		}},
		{name: "default X-Api-Key", a: "key-aaa111", b: "key-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/h", nil, http.Header{"X-Api-Key": {v}})
		}},
		{name: "default api_key parameter", a: "key-aaa111", b: "key-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/q?page=2&api_key="+v, nil, nil)
		}},
		{name: "default user information", a: "pw-aaa111", b: "pw-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", "http://ann:"+v+"@"+fixtureserver.Host+"/u", nil, nil)
		}},
		{name: "default JSON password", a: "pw-aaa111", b: "pw-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "POST", api+"/j", []byte(`{"user":"ann","password":"`+v+`"}`), jsonType)
		}},
		{name: "default form password", a: "pw-aaa111", b: "pw-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "POST", api+"/f", []byte("user=ann&password="+v), form)
		}},
		{name: "Header", opts: []redact.Option{redact.Header("X-Tenant")}, a: "tenant-aaa111", b: "tenant-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/h", nil, http.Header{"X-Tenant": {v}})
		}},
		{name: "QueryParam", opts: []redact.Option{redact.QueryParam("session")}, a: "sess-aaa111", b: "sess-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/q?session="+v+"&page=2", nil, nil)
		}},
		{name: "FormField", opts: []redact.Option{redact.FormField("otp")}, a: "otp-aaa111", b: "otp-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "POST", api+"/f", []byte("user=ann&otp="+v), form)
		}},
		{name: "JSONField", opts: []redact.Option{redact.JSONField("$.card.number")}, a: "4111-aaa111", b: "4111-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "POST", api+"/j", []byte(`{"card":{"number":"`+v+`","brand":"visa"}}`), jsonType)
		}},
		{name: "Pattern", opts: []redact.Option{redact.Pattern(regexpMust(`acct-\d+`), "<ACCOUNT>")}, a: "acct-48151623", b: "acct-42424242", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/accounts/"+v+"/users", nil, http.Header{"X-Account": {v}})
		}},
		{name: "Secret", opts: []redact.Option{redact.Secret("<KEY>", func() string { return secret.Load().(string) })}, a: "sekrit-aaa111", b: "sekrit-bbb222", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "POST", api+"/s?k="+v, []byte(`{"note":"`+v+`"}`), http.Header{"X-Echo": {v}, "Content-Type": {"application/json"}})
		}, restored: true},
		{name: "Pattern with a Secret's placeholder", opts: []redact.Option{
			redact.Pattern(regexpMust(`acct-\d+`), "<ACCOUNT>"),
			redact.Secret("<ACCOUNT>", func() string { return secret.Load().(string) }),
		}, a: "acct-48151623", b: "acct-42424242", req: func(t *testing.T, v string) *http.Request {
			return newRequest(t, "GET", api+"/s", nil, http.Header{"X-Echo": {v}})
		}, restored: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := echoServer(t)
			fsys := afero.NewMemMapFs()
			opts := []Option{WithFS(fsys), WithRedaction(tc.opts...),
				WithMatcher(match.All(match.Default(), headerMatcher{"Authorization", "Cookie", "X-Api-Key", "X-Tenant", "X-Account", "X-Echo"}))}

			secret.Store(tc.a)
			rec, err := Open("c", append(opts, WithMode(ModeRecordMissing), WithTransport(tr))...)
			assert.NilError(t, err)
			first := do(t, rec.Client(), tc.req(t, tc.a))
			assert.NilError(t, rec.Close())

			data, err := afero.ReadFile(fsys, "c.yaml")
			assert.NilError(t, err)
			assert.Assert(t, !bytes.Contains(data, []byte(tc.a)), "the recorded value is in the cassette:\n%s", data)

			secret.Store(tc.b)
			rec, err = Open("c", append(opts, WithMode(ModeReplay), WithTransport(&offline{}))...)
			assert.NilError(t, err)
			resp, err := rec.Client().Do(tc.req(t, tc.b))
			assert.NilError(t, err, "a request with another secret must match the redacted recording")
			body, err := io.ReadAll(resp.Body)
			assert.NilError(t, err)
			assert.Equal(t, resp.StatusCode, first.StatusCode)
			if tc.restored {
				// The placeholder is restored with the value of now.
				assert.Equal(t, string(body), `{"path":"/s","echo":"`+tc.b+`"}`)
				assert.Equal(t, string(first.Body), `{"path":"/s","echo":"`+tc.a+`"}`)
			}
			assert.NilError(t, rec.Close())
		})
	}
}

// TestKeepRecordsTheValue checks that Keep turns one default off: the value
// is recorded as sent, and only that one.
func TestKeepRecordsTheValue(t *testing.T) {
	tr := echoServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr), WithRedaction(redact.Keep("X-Api-Key")))
	assert.NilError(t, err)
	do(t, rec.Client(), newRequest(t, "GET", api+"/h", nil, http.Header{"X-Api-Key": {"public-demo-key"}, "Authorization": {"Bearer tok-aaa111"}}))
	assert.NilError(t, rec.Close())
	data, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Assert(t, bytes.Contains(data, []byte("X-Api-Key: [public-demo-key]")), "%s", data)
	assert.Assert(t, bytes.Contains(data, []byte("Authorization: [Bearer REDACTED]")), "%s", data)
}

// TestLoadedRequestsAreRedacted checks that a cassette written without
// redaction (by hand here) still matches a live request with another
// secret: recorded requests are redacted when they are loaded too.
func TestLoadedRequestsAreRedacted(t *testing.T) {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version, Interactions: []*cassette.Interaction{{
		Request:  cassette.Request{Method: "GET", URL: api + "/q?api_key=old-key-111&page=2"},
		Response: cassette.Response{Code: 200, Status: "200 OK", Body: []byte("ok")},
	}}}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	got := get(t, rec.Client(), api+"/q?api_key=new-key-222&page=2")
	assert.Equal(t, string(got.Body), "ok")
}
func TestWithRedactionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  redact.Option
		want string
	}{
		{name: "bad JSON path", opt: redact.JSONField("token"),
			want: `tapedeck: c: WithRedaction: redact: JSONField("token"): `},
		{name: "pattern matching its placeholder", opt: redact.Pattern(regexpMust(`[A-Z]+`), "ACCOUNT"),
			want: `tapedeck: c: WithRedaction: redact: Pattern("[A-Z]+", "ACCOUNT"): the expression matches its own placeholder`},
		{name: "empty header name", opt: redact.Header(""),
			want: `tapedeck: c: WithRedaction: redact: Header(""): the header name is empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open("c", WithFS(afero.NewMemMapFs()), WithRedaction(tc.opt))
			assert.ErrorContains(t, err, tc.want)
			ft := &fakeT{name: "TestX"}
			_, fatal := newFake(ft, "c", WithFS(afero.NewMemMapFs()), WithRedaction(tc.opt))
			assert.Assert(t, strings.HasPrefix(fatal, tc.want), fatal)
		})
	}
}

// TestFindTriesTheRequestAsSent checks how a live request is matched: as it
// was sent first, without being copied, when that matches (no secret, or a
// secret where the matcher does not look); redacted when it does not.
func TestFindTriesTheRequestAsSent(t *testing.T) {
	tr := echoServer(t)
	fsys := afero.NewMemMapFs()
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/plain")
	do(t, rec.Client(), newRequest(t, "GET", api+"/auth", nil, http.Header{"Authorization": {"Bearer tok-aaa111"}}))
	get(t, rec.Client(), api+"/q?api_key=key-aaa111")
	assert.NilError(t, rec.Close())

	rec, err = Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	for _, tc := range []struct {
		name    string
		live    cassette.Request
		id      int
		asSent  bool   // matched without redaction, live itself returned
		shownAs string // the URL of the request find returns
	}{
		{name: "no secret", live: cassette.Request{Method: "GET", URL: api + "/plain"}, id: 0, asSent: true, shownAs: api + "/plain"},
		{name: "secret the matcher ignores", live: cassette.Request{Method: "GET", URL: api + "/auth", Headers: http.Header{"Authorization": {"Bearer tok-bbb222"}}},
			id: 1, asSent: true, shownAs: api + "/auth"},
		{name: "secret the matcher compares", live: cassette.Request{Method: "GET", URL: api + "/q?api_key=key-bbb222"}, id: 2, shownAs: api + "/q?api_key=REDACTED"},
		{name: "miss with a secret", live: cassette.Request{Method: "GET", URL: api + "/nope?api_key=key-bbb222"}, id: -1, shownAs: api + "/nope?api_key=REDACTED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hit, m, err := rec.eng.Claim(&tc.live)
			assert.NilError(t, err)
			if tc.id < 0 {
				assert.Assert(t, hit.Interaction == nil)
			} else {
				assert.Assert(t, hit.Interaction != nil)
				assert.Equal(t, hit.ID, tc.id)
			}
			assert.Equal(t, m == &tc.live, tc.asSent, "whether find returned the request as sent")
			assert.Equal(t, m.URL, tc.shownAs)
		})
	}
}

// TestRedactedRequestsReplayInOrder records the same request three times
// with different tokens in the URL, and replays it with three other
// tokens, concurrently: each call gets its own recording, as equal
// requests do, although none matches as sent.
func TestRedactedRequestsReplayInOrder(t *testing.T) {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version}
	for i := range 3 {
		c.Interactions = append(c.Interactions, &cassette.Interaction{
			Request:  cassette.Request{Method: "GET", URL: fmt.Sprintf("%s/poll?access_token=tok-%d", api, i)},
			Response: cassette.Response{Code: 200, Status: "200 OK", Body: []byte(fmt.Sprintf("answer %d", i))},
		})
	}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
	rec, err := Open("c", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	bodies := make([]string, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := rec.RoundTrip(newRequest(t, "GET", fmt.Sprintf("%s/poll?access_token=new-%d", api, i), nil, nil))
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	sort.Strings(bodies)
	assert.DeepEqual(t, bodies, []string{"answer 0", "answer 1", "answer 2"})
	_, err = rec.RoundTrip(newRequest(t, "GET", api+"/poll?access_token=new-3", nil, nil))
	assert.ErrorIs(t, err, ErrNoMatch)
}
