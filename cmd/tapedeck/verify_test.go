package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"gotest.tools/v3/assert"

	recorder "github.com/tapedeck/recorder"
)

// driftingAPI is a loopback API whose answers change when version is set
// to 2: a field added, one removed, one changing type, and a status.
type driftingAPI struct {
	version atomic.Int32
}

func (a *driftingAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v2 := a.version.Load() == 2
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/users/1":
		user := map[string]any{"id": 1, "name": "ada", "admin": false, "teams": []any{map[string]any{"id": 7}, map[string]any{"id": 8}}}
		if v2 {
			user["id"] = "1"
			user["email"] = "ada@example.com"
			delete(user, "admin")
		}
		json.NewEncoder(w).Encode(user)
	case "/status":
		if v2 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": !v2})
	case "/me":
		if r.Header.Get("Authorization") != "Bearer t0ken-for-the-test" {
			w.WriteHeader(http.StatusUnauthorized)
		}
		json.NewEncoder(w).Encode(map[string]any{"login": "ada"})
	case "/users":
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"id": 2})
	}
}

// recordDrifting records the four requests of the drifting API into
// dir/api.yaml with the recorder, and returns the server.
func recordDrifting(t *testing.T, dir string) (*httptest.Server, *driftingAPI) {
	t.Helper()
	api := &driftingAPI{}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	rec, err := recorder.Open(filepath.Join(dir, "api.yaml"), recorder.WithMode(recorder.ModeRerecord))
	assert.NilError(t, err)
	client := rec.Client()
	for _, path := range []string{"/users/1", "/status", "/me"} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if path == "/me" {
			req.Header.Set("Authorization", "Bearer t0ken-for-the-test")
		}
		resp, err := client.Do(req)
		assert.NilError(t, err)
		resp.Body.Close()
	}
	resp, err := client.Post(srv.URL+"/users", "application/json", strings.NewReader(`{"name":"bob"}`))
	assert.NilError(t, err)
	resp.Body.Close()
	assert.NilError(t, rec.Close())
	return srv, api
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	srv, api := recordDrifting(t, dir)
	run := func(t *testing.T, args ...string) result {
		t.Helper()
		r := tapedeck(t, dir, append([]string{"verify"}, args...)...)
		r.stdout = strings.ReplaceAll(r.stdout, srv.URL, "URL")
		r.stderr = strings.ReplaceAll(r.stderr, srv.URL, "URL")
		return r
	}
	skips := "api.yaml: interaction #3 GET URL/me: skipped: request header Authorization holds a redacted value; " +
		"pass --secret 'PLACEHOLDER=ENV' naming the environment variable that holds it, e.g. --secret 'REDACTED=API_TOKEN'\n" +
		"api.yaml: interaction #4 POST URL/users: skipped: POST may change the live data; pass --all-methods to send it\n"

	t.Run("nothing drifted", func(t *testing.T) {
		r := run(t, "api.yaml")
		expect(t, r, exitOK)
		assert.Equal(t, r.stdout, skips)
		assert.Equal(t, r.stderr, "tapedeck verify: 0 of 4 interactions drifted in 1 cassette; 2 skipped (see above)\n")
	})
	t.Run("secrets from the environment and all methods", func(t *testing.T) {
		cmd := commandIn(t, dir, "verify", "--secret", "REDACTED=TEST_TOKEN", "--all-methods", "api.yaml")
		cmd.Env = append(cmd.Env, "TEST_TOKEN=t0ken-for-the-test")
		out, err := cmd.CombinedOutput()
		assert.NilError(t, err, "%s", out)
		assert.Equal(t, strings.ReplaceAll(string(out), srv.URL, "URL"), "tapedeck verify: 0 of 4 interactions drifted in 1 cassette\n")

		cmd = commandIn(t, dir, "verify", "--secret", "REDACTED=TEST_TOKEN", "api.yaml", "--all-methods")
		out, _ = cmd.CombinedOutput()
		assert.Assert(t, strings.Contains(string(out), "the environment variable TEST_TOKEN, which --secret REDACTED=TEST_TOKEN names, is empty or not set"), "%s", out)
	})

	api.version.Store(2)
	t.Run("drift", func(t *testing.T) {
		r := run(t, "api.yaml")
		expect(t, r, exitProblems)
		assert.Equal(t, r.stdout, `api.yaml: interaction #1 GET URL/users/1: 3 changes
    response body $.admin: removed (was boolean false)
    response body $.email: added (string "ada@example.com")
    response body $.id: type changed (number 1 → string "1")
api.yaml: interaction #2 GET URL/status: 1 change
    status: changed (200 OK → 503 Service Unavailable)
`+skips)
		assert.Equal(t, r.stderr, "tapedeck verify: 2 of 4 interactions drifted in 1 cassette; 2 skipped (see above)\n")
	})
	t.Run("values", func(t *testing.T) {
		r := run(t, "--values", "api.yaml")
		expect(t, r, exitProblems)
		assert.Assert(t, strings.Contains(r.stdout, "    response body $.ok: changed (boolean true → boolean false)\n"), r.stdout)
	})
	t.Run("markdown", func(t *testing.T) {
		r := run(t, "--markdown", "api.yaml")
		expect(t, r, exitProblems)
		assert.Equal(t, r.stdout, "### Drift in `api.yaml`\n\n"+
			"| Interaction | Path | Change |\n|---|---|---|\n"+
			"| #1 GET URL/users/1 | `response body $.admin` | removed (was boolean false) |\n"+
			"| #1 GET URL/users/1 | `response body $.email` | added (string \"ada@example.com\") |\n"+
			"| #1 GET URL/users/1 | `response body $.id` | type changed (number 1 → string \"1\") |\n"+
			"| #2 GET URL/status | `status` | changed (200 OK → 503 Service Unavailable) |\n"+
			"\nNot compared:\n\n"+
			"- #3 GET URL/me: request header Authorization holds a redacted value; pass --secret 'PLACEHOLDER=ENV' naming the environment variable that holds it, e.g. --secret 'REDACTED=API_TOKEN'\n"+
			"- #4 POST URL/users: POST may change the live data; pass --all-methods to send it\n\n"+
			"Summary: 2 of 4 interactions drifted in 1 cassette; 2 skipped (see above).\n")
	})
	t.Run("upstream", func(t *testing.T) {
		other := httptest.NewServer(http.StripPrefix("/base", api))
		defer other.Close()
		r := run(t, "--upstream", other.URL+"/base", "api.yaml")
		expect(t, r, exitProblems)
		assert.Equal(t, r.stderr, "tapedeck verify: 2 of 4 interactions drifted in 1 cassette; 2 skipped (see above)\n")
	})
	t.Run("a request that fails", func(t *testing.T) {
		srv.Close()
		r := run(t, "api.yaml")
		expect(t, r, exitProblems)
		assert.Assert(t, strings.Contains(r.stdout, "api.yaml: interaction #1 GET URL/users/1: skipped: the request failed: "), r.stdout)
		assert.Assert(t, strings.HasSuffix(r.stderr, "; 2 skipped (see above); 2 requests failed\n"), r.stderr)
	})
}

func TestVerifyUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{}, {"--secret", "NOEQUALS", "x.yaml"}, {"--upstream", "nohost", "x.yaml"}} {
		r := tapedeck(t, dir, append([]string{"verify"}, args...)...)
		expect(t, r, exitUsage)
	}
	r := tapedeck(t, dir, "verify", "--help")
	expect(t, r, exitOK)
	assert.Assert(t, strings.Contains(r.stdout, "Example:\n\n\t$ tapedeck verify"), r.stdout)
}

func TestVerifyBodyFiles(t *testing.T) {
	report := func(v int) []byte {
		return []byte(`{"version":` + strconv.Itoa(v) + `,"rows":[` + strings.Repeat(`{"n":1},`, 20000) + `{"n":2}]}`)
	}
	video := bytes.Repeat([]byte("a frame of video\x00\x01"), (verifyBodyLimit+1<<20)/18) // over the limit
	var version atomic.Int32
	version.Store(1)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/report":
			w.Header().Set("Content-Type", "application/json")
			w.Write(report(int(version.Load())))
		case "/video":
			w.Header().Set("Content-Type", "video/mp4")
			b := video
			if version.Load() == 2 {
				b = b[:len(b)-1]
			}
			w.Write(b)
		}
	}))
	defer api.Close()
	dir := t.TempDir()
	path, c := writeBodyCassette(t, dir, "media.yaml",
		bodyCase{url: api.URL + "/report", contentType: "application/json", body: report(1)},
		bodyCase{url: api.URL + "/video", contentType: "video/mp4", body: video})

	r := tapedeck(t, dir, "verify", "--values", "media.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stderr, "tapedeck verify: 0 of 2 interactions drifted in 1 cassette\n")

	version.Store(2)
	r = tapedeck(t, dir, "verify", "media.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "") // a changed value, and the large body is compared only with --values
	r = tapedeck(t, dir, "verify", "--values", "media.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, "media.yaml: interaction #1 GET "+api.URL+"/report: 1 change\n"+
		"    response body $.version: changed (number 1 → number 2)\n"+
		"media.yaml: interaction #2 GET "+api.URL+"/video: 1 change\n"+
		"    response body: changed (body file "+c.Interactions[1].Response.BodyFile[:12]+"…, 68.2 MB → 68.2 MB live)\n")

	// A damaged body file is said to be, and fails the run.
	assert.NilError(t, os.WriteFile(bodyFilePath(path, c, 0), []byte("{}"), 0o644))
	r = tapedeck(t, dir, "verify", "media.yaml")
	expect(t, r, exitProblems)
	assert.Assert(t, strings.HasPrefix(r.stdout, "media.yaml: interaction #1 GET "+api.URL+"/report: skipped: the recorded body cannot be read: the body file "), r.stdout)
}
