package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

// textInteraction is GET path answered with body.
func textInteraction(path, body string) *cassette.Interaction {
	return &cassette.Interaction{RecordedAt: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
		Request: cassette.Request{Method: "GET", URL: "https://api.example.com" + path},
		Response: cassette.Response{Code: 200, Status: "200 OK",
			Headers: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(body)}}
}

func fetch(t *testing.T, client *http.Client, url string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	assert.NilError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	assert.NilError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	return resp.StatusCode, string(b)
}

func TestServeRoutesByCassette(t *testing.T) {
	dir := t.TempDir()
	writeCassette(t, filepath.Join(dir, "fixtures", "a.yaml"), textInteraction("/x", "a1"), textInteraction("/x", "a2"))
	writeCassette(t, filepath.Join(dir, "fixtures", "b.yaml"), textInteraction("/x", "b1"))
	writeCassette(t, filepath.Join(dir, "elsewhere.yaml"), textInteraction("/x", "secret"))
	s := startServe(t, dir, "fixtures")
	c := http.DefaultClient

	// The header selects the cassette; each session has its own sequence.
	for _, session := range []string{"one", "two"} {
		code, body := fetch(t, c, s.url+"/x", "X-Tapedeck-Cassette", "fixtures/a", "X-Tapedeck-Session", session)
		assert.Equal(t, code, 200)
		assert.Equal(t, body, "a1", session)
	}
	_, body := fetch(t, c, s.url+"/x", "X-Tapedeck-Cassette", "fixtures/a.yaml", "X-Tapedeck-Session", "one")
	assert.Equal(t, body, "a2")

	// A path prefix does the same for clients that cannot set headers.
	code, body := fetch(t, c, s.url+"/_tapedeck/fixtures/b/-/x")
	assert.Equal(t, code, 200)
	assert.Equal(t, body, "b1")

	// Without either, the deck of the command line answers.
	_, body = fetch(t, c, s.url+"/x")
	assert.Equal(t, body, "a1")

	// Only what serve was started with.
	code, body = fetch(t, c, s.url+"/x", "X-Tapedeck-Cassette", "elsewhere")
	assert.Equal(t, code, http.StatusNotFound)
	assert.Equal(t, body, "tapedeck serve: X-Tapedeck-Cassette elsewhere: serve answers only from the cassettes it was started with (fixtures) and those under them\n")
	code, body = fetch(t, c, s.url+"/x", "X-Tapedeck-Cassette", "fixtures/../elsewhere")
	assert.Equal(t, code, http.StatusNotFound, body)
	code, body = fetch(t, c, s.url+"/x", "X-Tapedeck-Cassette", "fixtures/missing")
	assert.Equal(t, code, http.StatusNotFound)
	assert.Assert(t, strings.Contains(body, "fixtures/missing.yaml: no such file"), body)
	code, body = fetch(t, c, s.url+"/_tapedeck/fixtures/b/x")
	assert.Equal(t, code, http.StatusNotFound)
	assert.Assert(t, strings.Contains(body, "names no request: write /_tapedeck/CASSETTE/-/PATH"), body)

	// The Go client helper sets the headers, with a session per client,
	// and sends requests for the real API's URL to serve.
	for i := 0; i < 2; i++ {
		client, err := recorder.ServeClient(s.url, "fixtures/a")
		assert.NilError(t, err)
		_, body = fetch(t, client, "https://api.example.com/x")
		assert.Equal(t, body, "a1", "client %d", i)
	}
}

// TestServeParallelSessions runs clients at once against one serve, each
// with its own session over the same cassette: each gets the recordings
// in order.
func TestServeParallelSessions(t *testing.T) {
	dir := t.TempDir()
	writeCassette(t, filepath.Join(dir, "seq.yaml"), textInteraction("/n", "1"), textInteraction("/n", "2"), textInteraction("/n", "3"))
	s := startServe(t, dir, "seq.yaml")
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			client, err := recorder.ServeClient(s.url, "seq")
			if err != nil {
				errs <- err
				return
			}
			var got []string
			for j := 0; j < 3; j++ {
				resp, err := client.Get("http://api.example.com/n")
				if err != nil {
					errs <- err
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				got = append(got, string(b))
			}
			if strings.Join(got, ",") != "1,2,3" {
				errs <- fmt.Errorf("client %d got %v, want 1,2,3", i, got)
				return
			}
			errs <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		assert.NilError(t, <-errs)
	}
}

func TestServeRecordsIntoTheRoutedCassette(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "live "+r.URL.Path)
	}))
	defer upstream.Close()
	dir := t.TempDir()
	writeCassette(t, filepath.Join(dir, "fixtures", "main.yaml"))
	s := startServe(t, dir, "--record", "--upstream", upstream.URL, "fixtures/main.yaml", "fixtures")

	code, body := fetch(t, http.DefaultClient, s.url+"/hello", "X-Tapedeck-Cassette", "fixtures/new")
	assert.Equal(t, code, 200)
	assert.Equal(t, body, "live /hello")
	c, err := cassette.Load(afero.NewOsFs(), filepath.Join(dir, "fixtures", "new.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), 1)
	assert.Equal(t, c.Interactions[0].Request.URL, upstream.URL+"/hello")
	assert.Equal(t, c.Interactions[0].Request.Headers.Get("X-Tapedeck-Cassette"), "", "the routing header is not recorded")
	main, err := cassette.Load(afero.NewOsFs(), filepath.Join(dir, "fixtures", "main.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, len(main.Interactions), 0)
}
