package recorder

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	"github.com/tapedeck/recorder/internal/fixtureserver"
	"github.com/tapedeck/recorder/redact"
)

// The four secrets of the acceptance test, as a real client would send
// and receive them.
const (
	bearerToken  = "tok_live_8f14e45fceea167a5a36dedd4bea2543"
	sessionValue = "s3ss10n-7c9e6679f4a1b2c3"
	apiKeyValue  = "ak-2b1f8e7d9c6a5b4f"
	userPassword = "correct horse battery staple"
	// plantedToken looks like a GitHub personal access token.
	plantedToken = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
)

// secretServer is a loopback API that wants real credentials: POST /login
// takes a JSON password and sets a session cookie; GET /me wants the bearer
// token, the session cookie and the api_key parameter. GET /leak and
// /leak.txt answer with a GitHub-style token in a JSON field and in text;
// GET /clean answers with nothing secret. Requests go to
// http://api.example.test through the returned transport.
func secretServer(t *testing.T) http.RoundTripper {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ User, Password string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Password != userPassword {
			http.Error(w, "bad login", http.StatusUnauthorized)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: sessionValue, Path: "/", HttpOnly: true})
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"user":"`+body.User+`"}`)
	})
	mux.HandleFunc("GET /me", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("session")
		switch {
		case r.Header.Get("Authorization") != "Bearer "+bearerToken:
			http.Error(w, "no token", http.StatusUnauthorized)
		case err != nil || c.Value != sessionValue:
			http.Error(w, "no session", http.StatusUnauthorized)
		case r.URL.Query().Get("api_key") != apiKeyValue:
			http.Error(w, "no api key", http.StatusForbidden)
		default:
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"name":"Ann","plan":"pro"}`)
		}
	})
	mux.HandleFunc("GET /leak", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":7,"value":"`+plantedToken+`"}`)
	})
	mux.HandleFunc("GET /leak.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "your new token is "+plantedToken+"\n")
	})
	mux.HandleFunc("GET /clean", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "nothing to see\n")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	tr := fixtureserver.Transport(srv.Listener.Addr().String())
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// login and me are the acceptance test's two requests, with the real
// secrets in them. A cookie jar carries the session from one to the other.
func login(t *testing.T, c *http.Client) snapshot {
	t.Helper()
	return do(t, c, newRequest(t, "POST", api+"/login",
		[]byte(`{"user":"ann","password":"`+userPassword+`"}`), http.Header{"Content-Type": {"application/json"}}))
}
func me(t *testing.T, c *http.Client, cookie string) snapshot {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + bearerToken}}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	return do(t, c, newRequest(t, "GET", api+"/me?api_key="+apiKeyValue+"&fields=name,plan", nil, h))
}
func jarClient(t *testing.T, rt http.RoundTripper) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	assert.NilError(t, err)
	return &http.Client{Transport: rt, Jar: jar}
}

// diskFS is the real disk under a new temporary directory, with the path
// of a file in it, so that a test reads the bytes that were written.
func diskFS(t *testing.T, name string) (afero.Fs, string) {
	t.Helper()
	dir := t.TempDir()
	return afero.NewBasePathFs(afero.NewOsFs(), dir), filepath.Join(dir, filepath.FromSlash(name))
}

// TestSecretsNeverWritten is the acceptance test of redaction: a bearer
// token, a session cookie (Set-Cookie, then Cookie), an api_key parameter
// and a JSON password are recorded against a loopback server; the cassette
// file on disk holds none of them, and the same requests, real secrets in
// them, replay.
func TestSecretsNeverWritten(t *testing.T) {
	tr := secretServer(t)
	fsys, file := diskFS(t, "fixtures/secrets.yaml")
	var recorded [2]snapshot
	t.Run("record", func(t *testing.T) {
		rec := New(t, "fixtures/secrets", WithFS(fsys), WithMode(ModeOnce), WithTransport(tr))
		c := jarClient(t, rec)
		recorded = [2]snapshot{login(t, c), me(t, c, "")}
		// The client got what the server sent: redaction is for the file.
		assert.Equal(t, recorded[0].Header.Get("Set-Cookie"), "session="+sessionValue+"; Path=/; HttpOnly")
		assert.Equal(t, recorded[1].StatusCode, 200, "the server did not accept the credentials: %s", recorded[1].Body)
	})

	data, err := os.ReadFile(file)
	assert.NilError(t, err)
	for _, secret := range []string{bearerToken, sessionValue, apiKeyValue, userPassword} {
		assert.Assert(t, !bytes.Contains(data, []byte(secret)), "the cassette holds the secret %q:\n%s", secret, data)
	}
	for _, redacted := range []string{
		"Authorization: [Bearer REDACTED]",
		"Cookie: [session=REDACTED]",
		"Set-Cookie: [session=REDACTED; Path=/; HttpOnly]",
		"/me?api_key=REDACTED&fields=name,plan",
		`"password": "REDACTED"`,
	} {
		assert.Assert(t, bytes.Contains(data, []byte(redacted)), "the cassette lacks %q:\n%s", redacted, data)
	}

	replayed := func(t *testing.T, got [2]snapshot) {
		t.Helper()
		for i := range got {
			assert.Equal(t, got[i].Status, recorded[i].Status)
			assert.DeepEqual(t, got[i].Body, recorded[i].Body)
		}
		assert.Equal(t, got[0].Header.Get("Set-Cookie"), "session=REDACTED; Path=/; HttpOnly")
	}
	t.Run("replay with a cookie jar", func(t *testing.T) {
		off := &offline{}
		rec := New(t, "fixtures/secrets", WithFS(fsys), WithMode(ModeReplay), WithTransport(off))
		c := jarClient(t, rec)
		replayed(t, [2]snapshot{login(t, c), me(t, c, "")})
		assert.Equal(t, off.used.Load(), int64(0))
	})
	t.Run("replay with the real session cookie", func(t *testing.T) {
		rec := New(t, "fixtures/secrets", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
		c := rec.Client()
		replayed(t, [2]snapshot{login(t, c), me(t, c, "session="+sessionValue)})
	})
	after, err := os.ReadFile(file)
	assert.NilError(t, err)
	assert.Equal(t, string(after), string(data))
}

// plant records GET /clean into fixtures/leak.yaml (on disk, in a
// temporary directory), then opens it again to record path, which answers
// with plantedToken, and returns the file's bytes before and after and
// what Close said.
func plant(t *testing.T, path string, opts ...Option) (before, after []byte, closeErr error) {
	t.Helper()
	tr := secretServer(t)
	fsys, file := diskFS(t, "fixtures/leak.yaml")
	rec, err := Open("fixtures/leak", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/clean")
	assert.NilError(t, rec.Close())
	before, err = os.ReadFile(file)
	assert.NilError(t, err)

	opts = append([]Option{WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr)}, opts...)
	rec, err = Open("fixtures/leak", opts...)
	assert.NilError(t, err)
	got := get(t, rec.Client(), api+path)
	assert.Assert(t, strings.Contains(string(got.Body), plantedToken), "the client must get the response as sent")
	closeErr = rec.Close()
	after, err = os.ReadFile(file)
	assert.NilError(t, err)
	entries, err := os.ReadDir(filepath.Dir(file))
	assert.NilError(t, err)
	assert.Equal(t, len(entries), 1, "a temporary file was left next to the cassette: %v", entries)
	return before, after, closeErr
}

// TestPlantedTokenStopsTheSave checks that a token no filter covers stops
// the save, with a report naming the file, the interaction, the field and
// the fix, and that the file on disk is byte for byte what it was.
func TestPlantedTokenStopsTheSave(t *testing.T) {
	for _, tc := range []struct {
		name, path, field string
	}{
		{name: "json", path: "/leak", field: "response.body $.value"},
		{name: "text", path: "/leak.txt", field: "response.body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, after, err := plant(t, tc.path)
			assert.ErrorIs(t, err, ErrSecret)
			var se *SecretError
			assert.Assert(t, errors.As(err, &se))
			assert.Equal(t, se.Cassette, "fixtures/leak.yaml")
			assert.Equal(t, len(se.Findings), 1)
			assert.Equal(t, se.Findings[0].Interaction, 1)
			assert.Equal(t, se.Findings[0].Field, tc.field)
			assert.Equal(t, se.Findings[0].Kind, redact.KindGitHubToken)
			assert.Assert(t, !strings.Contains(err.Error(), plantedToken), "the report prints the secret")
			golden.Assert(t, err.Error(), "secret-"+tc.name+".golden")
			assert.Equal(t, string(after), string(before), "the cassette changed although the save was stopped")
		})
	}
}

// TestPlantedTokenWaysOut checks the ways out that the report names: a
// filter that redacts the value, or an Allow option that accepts it.
func TestPlantedTokenWaysOut(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opt      redact.Option
		redacted bool
	}{
		{name: "JSONField", opt: redact.JSONField("$.value"), redacted: true},
		{name: "Pattern", opt: redact.Pattern(regexpMust(`ghp_[A-Za-z0-9]{36}`), "<GITHUB_TOKEN>"), redacted: true},
		{name: "Allow", opt: redact.Allow(plantedToken)},
		{name: "AllowField", opt: redact.AllowField("response.body $.value")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, after, err := plant(t, "/leak", WithRedaction(tc.opt))
			assert.NilError(t, err)
			assert.Assert(t, len(after) > len(before))
			assert.Equal(t, bytes.Contains(after, []byte(plantedToken)), !tc.redacted, "%s", after)
		})
	}
}

// TestNewReportsSecret checks that under New the stopped save fails the
// test through t.Error, and nothing is written.
func TestNewReportsSecret(t *testing.T) {
	tr := secretServer(t)
	fsys := afero.NewMemMapFs()
	ft := &fakeT{name: "TestLeak"}
	rec, fatal := newFake(ft, "fixtures/leak", WithFS(fsys), WithMode(ModeOnce), WithTransport(tr))
	assert.Equal(t, fatal, "")
	get(t, rec.Client(), api+"/leak")
	ft.finish()
	assert.Equal(t, len(ft.errors), 1)
	assert.Assert(t, strings.HasPrefix(ft.errors[0], "tapedeck: fixtures/leak.yaml was not saved: 1 value in it looks like a credential"), ft.errors[0])
	_, err := fsys.Stat("fixtures/leak.yaml")
	assert.Assert(t, err != nil, "the cassette was written")
}

// TestSecretScanCoversOldInteractions checks that the scan reads the whole
// cassette: an interaction from an earlier run (here written by hand) that
// holds a token stops a save although this run recorded nothing secret,
// and the report gives its line.
func TestSecretScanCoversOldInteractions(t *testing.T) {
	tr := secretServer(t)
	fsys := afero.NewMemMapFs()
	old := "version: 1\ninteractions:\n" +
		"  - request:\n      method: GET\n      url: http://api.example.test/old/path\n" +
		"    response:\n      code: 200\n      body: '{\"token\":\"" + plantedToken + "\"}'\n"
	assert.NilError(t, afero.WriteFile(fsys, "c.yaml", []byte(old), 0o644))
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRecordMissing), WithTransport(tr))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/clean")
	err = rec.Close()
	assert.ErrorIs(t, err, ErrSecret)
	assert.ErrorContains(t, err, `interaction #1 (GET http://api.example.test/old/path, line 3): response.body $.token: GitHub token "ghp_…"`)
	data, _ := afero.ReadFile(fsys, "c.yaml")
	assert.Equal(t, string(data), old)
}
func TestURLLabel(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		hide      bool
		want      string
	}{
		{name: "plain", url: "https://api.example.com/repos/1", want: "https://api.example.com/repos/1"},
		{name: "query and fragment", url: "https://h/p?token=abc#x", want: "https://h/p"},
		{name: "userinfo", url: "https://ann:pw@h/p", want: "https://h/p"},
		{name: "no path", url: "https://h", want: "https://h"},
		{name: "hidden path", url: "https://h/t/ghp_x?q=1", hide: true, want: "https://h/…"},
		{name: "not a URL", url: "/relative?x=1", want: "/relative"},
		{name: "not a URL hidden", url: "/relative", hide: true, want: "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, urlLabel(tc.url, tc.hide), tc.want)
		})
	}
}

// regexpMust compiles a test expression.
func regexpMust(expr string) *regexp.Regexp { return regexp.MustCompile(expr) }
