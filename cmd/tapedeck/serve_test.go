package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// A servedCmd is a running tapedeck serve.
type servedCmd struct {
	url  string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs []string
	done chan struct{}
}

var listening = regexp.MustCompile(`on (http://\S+) `)

// startServe runs tapedeck serve on a free loopback port in dir and
// returns once it listens. It is stopped when the test ends.
func startServe(t *testing.T, dir string, args ...string) *servedCmd {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("stopping serve with an interrupt needs a Unix-like system")
	}
	cmd := commandIn(t, dir, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	assert.NilError(t, err)
	assert.NilError(t, cmd.Start())
	s := &servedCmd{cmd: cmd, done: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.logs = append(s.logs, line)
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				found <- m[1]
			}
		}
	}()
	t.Cleanup(func() { s.stop(t) })
	select {
	case s.url = <-found:
		return s
	case <-s.done:
		cmd.Wait()
		t.Fatalf("tapedeck serve exited before listening:\n%s", strings.Join(s.log(), "\n"))
	case <-time.After(10 * time.Second):
		t.Fatalf("tapedeck serve did not say where it listens:\n%s", strings.Join(s.log(), "\n"))
	}
	return nil
}

// stop interrupts serve as Ctrl-C does and checks that it exits with 0.
func (s *servedCmd) stop(t *testing.T) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Errorf("interrupting serve: %v", err)
	}
	<-s.done
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("tapedeck serve: %v\n%s", err, strings.Join(s.log(), "\n"))
	}
}

// log returns the lines serve has logged, without their timestamps.
func (s *servedCmd) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.logs))
	for i, l := range s.logs {
		// "2026/11/24 19:57:09 hit ..." -> "hit ..."
		if len(l) > 20 && l[4] == '/' && l[19] == ' ' {
			l = l[20:]
		}
		out[i] = l
	}
	return out
}

// logged returns the request lines (hit, miss, recorded, error), waiting
// briefly for n of them: serve logs after it answers.
func (s *servedCmd) logged(t *testing.T, n int) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var lines []string
		for _, l := range s.log() {
			if !strings.HasPrefix(l, "tapedeck serve:") && !strings.HasPrefix(l, "warning:") {
				lines = append(lines, l)
			}
		}
		if len(lines) >= n || time.Now().After(deadline) {
			return lines
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, method, url, contentType, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	assert.NilError(t, err)
	if body == "" {
		req.Body = nil
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	assert.NilError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.NilError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func TestServeAnswersFromTheFixtures(t *testing.T) {
	root := repoRoot(t)
	fixture, err := cassette.Load(afero.NewOsFs(), filepath.Join(root, "fixtures", "example.yaml"))
	assert.NilError(t, err)
	want := fixture.Interactions[0].Response // GET /repos/1

	s := startServe(t, root, "fixtures")

	got := get(t, "GET", s.url+"/repos/1", "", "")
	assert.Equal(t, got.status, want.Code)
	assert.Equal(t, got.body, string(want.Body))
	assert.Equal(t, got.header.Get("Etag"), want.Headers.Get("Etag"))
	assert.Equal(t, got.header.Get("Content-Type"), "application/json")

	// A JSON body matches as JSON: key order and spaces do not matter.
	post := fixture.Interactions[3]
	got = get(t, "POST", s.url+"/repos", "application/json", `{"private": false, "name": "new-repo"}`)
	assert.Equal(t, got.status, post.Response.Code, got.body)
	assert.Equal(t, got.body, string(post.Response.Body))

	// A miss explains itself with the closest recording.
	got = get(t, "GET", s.url+"/repos/3", "", "")
	assert.Equal(t, got.status, http.StatusNotFound)
	assert.Equal(t, got.header.Get("X-Tapedeck"), "miss")
	assert.Equal(t, got.body, `tapedeck: no recorded interaction matches GET /repos/3
  cassette: fixtures/example.yaml (mode replay, from tapedeck serve)
live request:
  GET /repos/3
closest recorded interactions, most alike first:
  #1, fixtures/example.yaml:3 (already used)
    GET http://api.example.test/repos/1
    failed: url
    url path:
      - recorded: "/repos/1"
      + live:     "/repos/3"
  #2, fixtures/example.yaml:29 (not used yet)
    GET http://api.example.test/repos/2
    failed: url
    url path:
      - recorded: "/repos/2"
      + live:     "/repos/3"
  #3, fixtures/example.yaml:52 (not used yet)
    GET http://api.example.test/repos/9
    failed: url
    url path:
      - recorded: "/repos/9"
      + live:     "/repos/3"
to record it, run:
  tapedeck serve --record --upstream URL-OF-THE-REAL-API fixtures/example.yaml
`)

	// The same request again: each recording once, then the last again.
	got = get(t, "GET", s.url+"/repos/1", "", "")
	assert.Equal(t, got.status, want.Code)
	assert.Equal(t, got.body, string(want.Body))

	assert.DeepEqual(t, s.logged(t, 4), []string{
		"hit       GET /repos/1 -> 200 from fixtures/example.yaml:3 (#1)",
		"hit       POST /repos -> 201 from fixtures/example.yaml:71 (#4)",
		"miss      GET /repos/3 -> 404; closest fixtures/example.yaml:3 (#1)",
		"hit       GET /repos/1 -> 200 from fixtures/example.yaml:3 (#1, again: all its recordings were used)",
	})
}

// TestServeWithCurl is the done-when check: curl gets the recorded body
// and header, and a miss gets the closest-interaction explanation.
func TestServeWithCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	root := repoRoot(t)
	s := startServe(t, root, "fixtures")

	out, err := exec.Command(curl, "-s", "-i", s.url+"/repos/2").Output()
	assert.NilError(t, err)
	head, body, _ := strings.Cut(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n\n")
	assert.Assert(t, strings.HasPrefix(head, "HTTP/1.1 200 OK\n"), head)
	assert.Assert(t, strings.Contains(head, "\nEtag: \"v2\"\n"), head)
	assert.Assert(t, strings.Contains(head, "\nContent-Type: application/json\n"), head)
	assert.Equal(t, body, `{"id":2,"name":"cassette","stars":7,"topics":[]}`)

	out, err = exec.Command(curl, "-s", "-i", s.url+"/repos/2?fields=name").Output()
	assert.NilError(t, err)
	head, body, _ = strings.Cut(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n\n")
	assert.Assert(t, strings.HasPrefix(head, "HTTP/1.1 404 Not Found\n"), head)
	assert.Assert(t, strings.Contains(body, "closest recorded interactions, most alike first:\n  #2, fixtures/example.yaml:29 (already used)\n"), body)
	assert.Assert(t, strings.Contains(body, "    query fields:\n      - recorded: (absent)\n      + live:     \"name\"\n"), body)

	// A binary body comes back byte for byte.
	fixture, err := cassette.Load(afero.NewOsFs(), filepath.Join(root, "fixtures", "example.yaml"))
	assert.NilError(t, err)
	out, err = exec.Command(curl, "-s", s.url+"/logo.bin?size=48").Output()
	assert.NilError(t, err)
	assert.Assert(t, bytes.Equal(out, fixture.Interactions[7].Response.Body), "got %x", out)
}

func TestServeRecordsFromUpstream(t *testing.T) {
	var hits int
	var mu sync.Mutex
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=abc123; Path=/")
		fmt.Fprintf(w, `{"path":%q}`, r.URL.RequestURI())
	}))
	defer api.Close()
	dir := t.TempDir()
	s := startServe(t, dir, "--record", "--upstream", api.URL+"/v1", "recorded.yaml")

	first := get(t, "GET", s.url+"/items?page=2", "", "")
	assert.Equal(t, first.status, 200)
	assert.Equal(t, first.body, `{"path":"/v1/items?page=2"}`)
	assert.Equal(t, first.header.Get("Set-Cookie"), "session=abc123; Path=/") // the client gets the real answer

	// Asked again, it is answered from the cassette.
	again := get(t, "GET", s.url+"/items?page=2", "", "")
	assert.Equal(t, again.body, first.body)
	mu.Lock()
	assert.Equal(t, hits, 1)
	mu.Unlock()

	lines := s.logged(t, 2)
	assert.DeepEqual(t, lines, []string{
		fmt.Sprintf("recorded  GET /v1/items?page=2 -> 200 from %s/v1 into recorded.yaml (#1)", api.URL),
		"hit       GET /v1/items?page=2 -> 200 from recorded.yaml (#1, again: all its recordings were used)",
	})

	// The recording is on disk already, redacted.
	c, err := cassette.Load(afero.NewOsFs(), filepath.Join(dir, "recorded.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), 1)
	in := c.Interactions[0]
	assert.Equal(t, in.Request.URL, api.URL+"/v1/items?page=2")
	assert.Equal(t, in.Response.Headers.Get("Set-Cookie"), "session=REDACTED; Path=/")
	assert.Equal(t, string(in.Response.Body), first.body)
	assert.Assert(t, !in.RecordedAt.IsZero())
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "broken.yaml", malformed)
	r := tapedeck(t, dir, "serve", "broken.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck serve: broken.yaml:5: headers: want a mapping of names to lists of values, like \"Accept: [application/json]\", got a list\n")

	r = tapedeck(t, dir, "serve", "missing.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck serve: missing.yaml: no such file or directory\n")
}

// randomish is n bytes that do not compress and are not text.
func randomish(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func TestServeReplaysBodyFiles(t *testing.T) {
	dir := t.TempDir()
	video := randomish(5<<20 + 123)
	path, c := writeBodyCassette(t, dir, "fixtures/media.yaml",
		bodyCase{url: "https://cdn.example.com/video.mp4", contentType: "video/mp4", body: video},
		bodyCase{url: "https://cdn.example.com/broken.mp4", contentType: "video/mp4", body: randomish(300 << 10)},
		bodyCase{url: "https://cdn.example.com/gone.mp4", contentType: "video/mp4", body: []byte("soon gone")})
	// The recorded Content-Length of the first one is kept, and set to the
	// size of the body file.
	c.Interactions[0].Response.Headers.Set("Content-Length", "999")
	assert.NilError(t, cassette.Save(afero.NewOsFs(), path, c))

	broken := bodyFilePath(path, c, 1)
	data, err := os.ReadFile(broken)
	assert.NilError(t, err)
	data[len(data)-1] ^= 0xff // the last byte: found only at the end
	assert.NilError(t, os.WriteFile(broken, data, 0o644))
	assert.NilError(t, os.Remove(bodyFilePath(path, c, 2)))

	s := startServe(t, dir, "fixtures")

	resp, err := http.Get(s.url + "/video.mp4")
	assert.NilError(t, err)
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.NilError(t, err)
	assert.Equal(t, resp.StatusCode, 200)
	assert.Equal(t, resp.ContentLength, int64(len(video)))
	assert.Assert(t, bytes.Equal(got, video), "got %d bytes, want the %d of the body file", len(got), len(video))

	// A damaged file is not sent whole: the client sees a broken response.
	resp, err = http.Get(s.url + "/broken.mp4")
	assert.NilError(t, err)
	got, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Assert(t, err != nil, "read %d bytes of a damaged body file without an error", len(got))
	assert.Assert(t, len(got) < len(data))

	// A missing file is a 500 that says which.
	miss := get(t, "GET", s.url+"/gone.mp4", "", "")
	assert.Equal(t, miss.status, http.StatusInternalServerError)
	assert.Equal(t, miss.header.Get("X-Tapedeck"), "body-file-error")
	assert.Assert(t, strings.Contains(miss.body, "names the body file "+bodyFilePath("fixtures/media.yaml", c, 2)+", which is missing"), miss.body)

	lines := s.logged(t, 3)
	assert.Equal(t, len(lines), 3, strings.Join(lines, "\n"))
	assert.Equal(t, lines[0], "hit       GET /video.mp4 -> 200 from fixtures/media.yaml:3 (#1)")
	assert.Assert(t, strings.HasPrefix(lines[1], "error     GET /broken.mp4 -> 200 from fixtures/media.yaml:16 (#2): the body file was cut short: fixtures/media.yaml: the body file "), lines[1])
	assert.Assert(t, strings.HasPrefix(lines[2], "error     GET /gone.mp4 -> 500 from fixtures/media.yaml:28 (#3): fixtures/media.yaml names the body file"), lines[2])
}

func TestSendCheckedHoldsBackTheEnd(t *testing.T) {
	fsys := afero.NewMemMapFs()
	w, err := cassette.CreateBody(fsys, "x.yaml")
	assert.NilError(t, err)
	body := randomish(100 << 10)
	w.Write(body)
	name, n, err := w.Commit()
	assert.NilError(t, err)
	rs := &cassette.Response{BodyFile: name, BodySize: n}

	r, err := cassette.OpenBody(fsys, "x.yaml", rs)
	assert.NilError(t, err)
	var out bytes.Buffer
	assert.NilError(t, sendChecked(&out, r))
	assert.Assert(t, bytes.Equal(out.Bytes(), body))

	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"last byte", func(b []byte) []byte { b[len(b)-1]++; return b }},
		{"longer", func(b []byte) []byte { return append(b, 'x') }},
		{"shorter", func(b []byte) []byte { return b[:len(b)-1] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.damage(slices.Clone(body))
			assert.NilError(t, afero.WriteFile(fsys, cassette.BodyPath("x.yaml", rs), data, 0o644))
			r, err := cassette.OpenBody(fsys, "x.yaml", rs)
			assert.NilError(t, err)
			var out bytes.Buffer
			assert.ErrorContains(t, sendChecked(&out, r), "the body file")
			assert.Assert(t, out.Len() < len(body), "sent %d of %d bytes", out.Len(), len(body))
		})
	}
}

// TestServeAppliesCassetteRules: a cassette whose query parameter "key"
// was redacted (tapedeck redact writes the rule into it) still answers a
// live request that sends the real key, on the command line's deck and on
// a route to the cassette, and the log shows the key redacted.
func TestServeAppliesCassetteRules(t *testing.T) {
	dir := t.TempDir()
	c := &cassette.Cassette{Version: cassette.Version,
		Redact: &cassette.Redaction{Query: []string{"key"}},
		Interactions: []*cassette.Interaction{{
			RecordedAt: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC),
			Request:    cassette.Request{Method: "GET", URL: "https://api.example.test/items?key=REDACTED"},
			Response: cassette.Response{Status: "200 OK", Code: 200,
				Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"items":[]}`)},
		}}}
	assert.NilError(t, cassette.Save(afero.NewOsFs(), filepath.Join(dir, "items.yaml"), c))

	s := startServe(t, dir, "items.yaml")
	got := get(t, "GET", s.url+"/items?key=k-4711", "", "")
	assert.Equal(t, got.status, http.StatusOK, got.body)
	assert.Equal(t, got.body, `{"items":[]}`)
	got = get(t, "GET", s.url+"/_tapedeck/items/-/items?key=k-4712", "", "")
	assert.Equal(t, got.status, http.StatusOK, got.body)

	logs := s.logged(t, 2)
	assert.DeepEqual(t, logs, []string{
		"hit       GET /items?key=REDACTED -> 200 from items.yaml:5 (#1)",
		"hit       GET /items?key=REDACTED -> 200 from items.yaml:5 (#1)",
	})
}
