package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
	"gotest.tools/v3/golden"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

// A call is one request a generator sent and what came back: for go-vcr,
// what go-vcr's own replay returned (testdata/govcr/replay.json); for HAR,
// what the client received through the proxy (testdata/har/expected.json).
type call struct {
	Method      string            `json:"method"`
	URL         string            `json:"url"`
	Headers     map[string]string `json:"headers"`
	RequestBody string            `json:"request_body"`
	Status      int               `json:"status"`
	Body        []byte            `json:"body"`
}

func readCalls(t *testing.T, path string) []call {
	t.Helper()
	data, err := os.ReadFile(path)
	assert.NilError(t, err)
	var calls []call
	assert.NilError(t, json.Unmarshal(data, &calls))
	return calls
}

func (c call) request(t *testing.T, base string) *http.Request {
	t.Helper()
	u := c.URL
	if base != "" {
		parsed, err := url.Parse(c.URL)
		assert.NilError(t, err)
		u = base + parsed.RequestURI()
	}
	var body io.Reader
	if c.RequestBody != "" {
		body = strings.NewReader(c.RequestBody)
	}
	req, err := http.NewRequest(c.Method, u, body)
	assert.NilError(t, err)
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	return req
}

// replaysLike sends every call to client (at base, when base is not empty)
// and checks that it gets the recorded status and body.
func replaysLike(t *testing.T, client *http.Client, base string, calls []call) {
	t.Helper()
	for _, c := range calls {
		resp, err := client.Do(c.request(t, base))
		assert.NilError(t, err, "%s %s", c.Method, c.URL)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.NilError(t, err)
		assert.Equal(t, resp.StatusCode, c.Status, "%s %s", c.Method, c.URL)
		assert.DeepEqual(t, body, c.Body)
	}
}

// coversBodyKinds checks that a fixture has the bodies the import must
// handle: JSON, text that is not JSON, and binary.
func coversBodyKinds(t *testing.T, calls []call) {
	t.Helper()
	var jsonBody, text, binary bool
	for _, c := range calls {
		switch {
		case json.Valid(c.Body):
			jsonBody = true
		case utf8.Valid(c.Body):
			text = true
		default:
			binary = true
		}
	}
	assert.Assert(t, jsonBody && text && binary, "json %v, text %v, binary %v", jsonBody, text, binary)
}

// TestImportGoVCR is the done-when check: a cassette recorded by go-vcr v4
// imports, and tapedeck replays it with the statuses and bodies that go-vcr
// itself replays, through the recorder and through serve.
func TestImportGoVCR(t *testing.T) {
	calls := readCalls(t, filepath.Join("testdata", "govcr", "replay.json"))
	coversBodyKinds(t, calls)
	dir := t.TempDir()
	out := filepath.Join(dir, "imported.yaml")

	r := tapedeck(t, "testdata", "import", "--from", "go-vcr", "-o", out, filepath.Join("govcr", "example.yaml"))
	expect(t, r, exitOK)
	golden.Assert(t, strings.ReplaceAll(r.stdout, out, "OUT"), filepath.Join("import", "govcr.golden"))

	c, err := cassette.Load(afero.NewOsFs(), out)
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), len(calls))
	first := c.Interactions[0]
	assert.Equal(t, first.Request.Headers.Get("Authorization"), "Bearer REDACTED")
	assert.Equal(t, first.RecordedAt.Format("2006-01-02T15:04:05Z"), "2026-01-05T10:00:00Z")
	assert.DeepEqual(t, c.Interactions[6].Response.Trailers, http.Header{"X-Checksum": {"abc123"}})

	t.Run("recorder", func(t *testing.T) {
		rec, err := recorder.Open(out, recorder.WithMode(recorder.ModeReplay))
		assert.NilError(t, err)
		defer rec.Close()
		replaysLike(t, rec.Client(), "", calls)
	})
	t.Run("serve", func(t *testing.T) {
		s := startServe(t, dir, "imported.yaml")
		replaysLike(t, http.DefaultClient, s.url, calls)
	})
}

func TestImportHAR(t *testing.T) {
	calls := readCalls(t, filepath.Join("testdata", "har", "expected.json"))
	coversBodyKinds(t, calls)
	dir := t.TempDir()
	out := filepath.Join(dir, "imported.yaml")

	r := tapedeck(t, "testdata", "import", "--from", "har", "-o", out, filepath.Join("har", "example.har"))
	expect(t, r, exitOK)
	golden.Assert(t, strings.ReplaceAll(r.stdout, out, "OUT"), filepath.Join("import", "har.golden"))

	c, err := cassette.Load(afero.NewOsFs(), out)
	assert.NilError(t, err)
	login := c.Interactions[2]
	assert.Equal(t, string(login.Request.Body), "user=ada") // rebuilt from the form params
	assert.Equal(t, login.Response.Headers.Get("Set-Cookie"), "session=REDACTED; Path=/")
	compressed := c.Interactions[5]
	assert.Equal(t, compressed.Response.Headers.Get("Content-Encoding"), "")
	assert.Equal(t, compressed.Response.Headers.Get("Content-Length"), "35")

	t.Run("recorder", func(t *testing.T) {
		rec, err := recorder.Open(out, recorder.WithMode(recorder.ModeReplay))
		assert.NilError(t, err)
		defer rec.Close()
		replaysLike(t, rec.Client(), "", calls)
	})
	t.Run("serve", func(t *testing.T) {
		s := startServe(t, dir, "imported.yaml")
		replaysLike(t, http.DefaultClient, s.url, calls)
	})
}

// TestImportChromeGzipPost is a HAR that Chrome writes for a fetch() POST
// sent with Content-Encoding: gzip: its postData is the decoded text. The
// import compresses it again, so the cassette passes check with no allow
// flag and a Go client that sends the same body gzip-compressed replays it.
func TestImportChromeGzipPost(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "chrome.yaml")
	r := tapedeck(t, "testdata", "import", "--from", "har", "-o", out, filepath.Join("har", "chrome-gzip-post.har"))
	expect(t, r, exitOK)
	expect(t, tapedeck(t, dir, "check", "chrome.yaml"), exitOK)

	c, err := cassette.Load(afero.NewOsFs(), out)
	assert.NilError(t, err)
	rq := c.Interactions[0].Request
	assert.Equal(t, rq.Headers.Get("Content-Encoding"), "gzip")
	assert.Equal(t, rq.Headers.Get("Content-Length"), strconv.Itoa(len(rq.Body)))
	plain, _, err := cassette.DecodedBody(rq.Headers, rq.Body)
	assert.NilError(t, err)
	const sent = `{"events":[{"name":"click","target":"save"}],"v":2}`
	assert.Equal(t, string(plain), sent)
	data, err := os.ReadFile(out)
	assert.NilError(t, err)
	assert.Assert(t, strings.Contains(string(data), `"target": "save"`), "the body is stored readable:\n%s", data)

	rec, err := recorder.Open(out, recorder.WithMode(recorder.ModeReplay))
	assert.NilError(t, err)
	defer rec.Close()
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	io.WriteString(zw, sent)
	assert.NilError(t, zw.Close())
	req, err := http.NewRequest("POST", "https://api.example.com/v1/events", &zipped)
	assert.NilError(t, err)
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := rec.Client().Do(req)
	assert.NilError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, resp.StatusCode, 202)
	assert.Equal(t, string(body), "{\"accepted\":1}\n")
}

// TestImportGoVCR2 is TestImportGoVCR for a cassette that go-vcr v2
// recorded, in its format version 1 (testdata/govcr2gen writes it).
func TestImportGoVCR2(t *testing.T) {
	calls := readCalls(t, filepath.Join("testdata", "govcr", "v2-replay.json"))
	coversBodyKinds(t, calls)
	dir := t.TempDir()
	out := filepath.Join(dir, "imported.yaml")

	r := tapedeck(t, "testdata", "import", "--from", "go-vcr", "-o", out, filepath.Join("govcr", "v2.yaml"))
	expect(t, r, exitOK)
	golden.Assert(t, strings.ReplaceAll(r.stdout, out, "OUT"), filepath.Join("import", "govcr2.golden"))
	expect(t, tapedeck(t, dir, "check", "imported.yaml"), exitOK)

	c, err := cassette.Load(afero.NewOsFs(), out)
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), len(calls))
	first := c.Interactions[0]
	assert.Equal(t, first.Request.Headers.Get("Authorization"), "Bearer REDACTED")
	assert.Equal(t, first.RecordedAt.Format("2006-01-02T15:04:05Z"), "2026-01-05T10:00:00Z")
	login := c.Interactions[3]
	assert.Equal(t, string(login.Request.Body), "user=ada&lang=go")

	t.Run("recorder", func(t *testing.T) {
		rec, err := recorder.Open(out, recorder.WithMode(recorder.ModeReplay))
		assert.NilError(t, err)
		defer rec.Close()
		replaysLike(t, rec.Client(), "", calls)
	})
	t.Run("serve", func(t *testing.T) {
		s := startServe(t, dir, "imported.yaml")
		replaysLike(t, http.DefaultClient, s.url, calls)
	})
	t.Run("ls names it", func(t *testing.T) {
		r := tapedeck(t, "testdata", "ls", filepath.Join("govcr", "v2.yaml"))
		expect(t, r, exitProblems)
		assert.Assert(t, strings.Contains(r.stderr, "this is a go-vcr cassette, not a tapedeck one: convert it with tapedeck import --from go-vcr"), r.stderr)
	})
}

// govcrWithToken is a go-vcr cassette whose response holds a token under
// a name the default redaction leaves alone.
func govcrWithToken() string {
	return `---
version: 2
interactions:
    - id: 0
      request:
        proto: HTTP/1.1
        proto_major: 1
        proto_minor: 1
        content_length: 0
        host: api.example.com
        url: https://api.example.com/tokens
        method: POST
      response:
        proto: HTTP/1.1
        proto_major: 1
        proto_minor: 1
        content_length: -1
        body: '{"id":7,"value":"` + plantedToken + `"}'
        headers:
            Content-Type:
                - application/json
        status: 201 Created
        code: 201
        duration: 12ms
        served_by: a-newer-go-vcr
`
}

func TestImportScansForSecrets(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "tokens.yaml", govcrWithToken())

	r := tapedeck(t, dir, "import", "--from", "go-vcr", "tokens.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stdout, `tokens.yaml:4: interaction #1 POST https://api.example.com/tokens: response.body $.value: GitHub token "ghp_…": `+
		`redact it with --redact-json '$.value', or if it is not a secret, accept it with --allow-field 'response.body $.value'`+"\n")
	assert.Equal(t, r.stderr, "tapedeck import: tokens.yaml: after redaction, the secret scanner still finds 1 value that looks like a credential, so tokens.tapedeck.yaml was not written (see above)\n")
	_, err := os.Stat(filepath.Join(dir, "tokens.tapedeck.yaml"))
	assert.Assert(t, os.IsNotExist(err), "the output was written")

	// The fix the report names works.
	r = tapedeck(t, dir, "import", "--from", "go-vcr", "--redact-json", "$.value", "tokens.yaml")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "tokens.tapedeck.yaml: wrote 1 interaction from tokens.yaml\n"+
		"  redacted: #1 POST https://api.example.com/tokens (response body)\n"+
		"  note: go-vcr keeps no recording time: recorded_at comes from the Date header, which 1 response of 1 interaction lack; those have no recorded_at and count as stale under any expiry rule\n"+
		"  note: tokens.yaml:25: field response.served_by is not one tapedeck knows in go-vcr cassettes, so it was left out\n")
	data, err := os.ReadFile(filepath.Join(dir, "tokens.tapedeck.yaml"))
	assert.NilError(t, err)
	assert.Assert(t, !strings.Contains(string(data), plantedToken))
	assert.Assert(t, strings.Contains(string(data), `"value": "REDACTED"`), string(data))

	// It does not overwrite what exists.
	r = tapedeck(t, dir, "import", "--from", "go-vcr", "--redact-json", "$.value", "tokens.yaml")
	expect(t, r, exitProblems)
	assert.Equal(t, r.stderr, "tapedeck import: tokens.tapedeck.yaml exists: pass --force to replace it, or -o to write elsewhere\n")
	r = tapedeck(t, dir, "import", "--from", "go-vcr", "--force", "--redact-json", "$.value", "tokens.yaml")
	expect(t, r, exitOK)
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "deck", "users.yaml"), dir)
	writeFile(t, dir, "v3.yaml", "version: 3\ninteractions:\n  - request: {url: x}\n")
	writeFile(t, dir, "bad.har", "{\"log\": {\"version\": \"1.2\",\n \"entries\": [}\n")
	writeFile(t, dir, "empty.har", "")
	writeFile(t, dir, "old.har", `{"log": {"version": "1.0", "entries": []}}`)
	harEntry := func(started, time string) string {
		return `{"log": {"version": "1.2", "entries": [{"startedDateTime": "` + started + `", "time": ` + time +
			`, "request": {"method": "GET", "url": "http://h/"}, "response": {"status": 200}}]}}`
	}
	writeFile(t, dir, "negative.har", harEntry("2026-01-05T10:00:00Z", "-1"))
	writeFile(t, dir, "long.har", harEntry("2026-01-05T10:00:00Z", "1e300"))
	writeFile(t, dir, "year.har", harEntry("0000-01-01T00:30:00+01:00", "2"))
	govcrDuration := func(d string) string {
		return "version: 2\ninteractions:\n    - request: {method: GET, url: 'http://h/'}\n" +
			"      response:\n        code: 200\n        duration: " + d + "\n"
	}
	writeFile(t, dir, "negative.yaml", govcrDuration("-5ms"))
	writeFile(t, dir, "long.yaml", govcrDuration("9223372036854775807"))
	writeFile(t, dir, "bad-duration.yaml", govcrDuration("soon"))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{name: "a tapedeck cassette", args: []string{"--from", "go-vcr", "users.yaml"},
			stderr: "tapedeck import: users.yaml:2: this is a tapedeck cassette already; there is nothing to import\n"},
		{name: "go-vcr version 3", args: []string{"--from", "go-vcr", "v3.yaml"},
			stderr: `tapedeck import: v3.yaml:1: go-vcr cassette version "3": tapedeck imports go-vcr's versions 1 (go-vcr v1 and v2) and 2 (go-vcr v3 and v4); load and save it with go-vcr v4 first` + "\n"},
		{name: "malformed HAR", args: []string{"--from", "har", "bad.har"},
			stderr: "tapedeck import: bad.har: not a HAR file: line 2, column 15: invalid character '}' looking for beginning of value\n"},
		{name: "empty HAR", args: []string{"--from", "har", "empty.har"},
			stderr: `tapedeck import: empty.har: the file is empty, so there is nothing to import: a HAR file is a JSON object with a "log" holding "entries"; ` +
				"export it again (in a browser's network panel: Save all as HAR with content)\n"},
		{name: "old HAR", args: []string{"--from", "har", "old.har"},
			stderr: `tapedeck import: old.har: HAR version "1.0": tapedeck reads HAR 1.2 and 1.1` + "\n"},
		{name: "negative HAR time", args: []string{"--from", "har", "negative.har"},
			stderr: "tapedeck import: negative.har entry 1: time -1 is negative: it is how long the request took in milliseconds; correct it or delete the field\n"},
		{name: "HAR time beyond a day", args: []string{"--from", "har", "long.har"},
			stderr: "tapedeck import: long.har entry 1: time 1e+300 is longer than a day: it is how long the request took in milliseconds; correct it or delete the field\n"},
		{name: "HAR time before year 0 in UTC", args: []string{"--from", "har", "year.har"},
			stderr: `tapedeck import: year.har entry 1: startedDateTime "0000-01-01T00:30:00+01:00" is in the year -1 in UTC, ` +
				"outside the years 0000 to 9999 a cassette can hold; correct it or delete the field\n"},
		{name: "negative go-vcr duration", args: []string{"--from", "go-vcr", "negative.yaml"},
			stderr: "tapedeck import: negative.yaml:6: duration -5ms is negative: it is how long the request took; correct it or delete the line\n"},
		{name: "go-vcr duration beyond a day", args: []string{"--from", "go-vcr", "long.yaml"},
			stderr: "tapedeck import: long.yaml:6: duration 9223372036854775807 is longer than a day: it is how long the request took; correct it or delete the line\n"},
		{name: "go-vcr duration not a duration", args: []string{"--from", "go-vcr", "bad-duration.yaml"},
			stderr: `tapedeck import: bad-duration.yaml:6: duration "soon" is not a duration such as 84ms` + "\n"},
		{name: "missing file", args: []string{"--from", "har", "nope.har"},
			stderr: "tapedeck import: nope.har: no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tapedeck(t, dir, append([]string{"import"}, tt.args...)...)
			expect(t, r, exitProblems)
			assert.Equal(t, r.stderr, tt.stderr)
		})
	}
}

func TestOutputPaths(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		inputs []string
		out    string
		want   []string
	}{
		{name: "har next to its input", inputs: []string{"a/session.har"}, want: []string{"a/session.yaml"}},
		{name: "go-vcr yaml gets another name", inputs: []string{"a/github.yaml"}, want: []string{"a/github.tapedeck.yaml"}},
		{name: "-o a file", inputs: []string{"a/session.har"}, out: "fixtures/s.yaml", want: []string{"fixtures/s.yaml"}},
		{name: "-o a directory", inputs: []string{"a/x.har", "b/y.har"}, out: dir, want: []string{filepath.Join(dir, "x.yaml"), filepath.Join(dir, "y.yaml")}},
		{name: "-o a new directory", inputs: []string{"a/x.har", "b/y.har"}, out: "new/", want: []string{"new/x.yaml", "new/y.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := outputPaths(tt.inputs, tt.out, ".yaml", ".tapedeck.yaml")
			assert.NilError(t, err)
			assert.DeepEqual(t, got, tt.want)
		})
	}
}

// harOf is a HAR file with one GET of url per body, answered with it as
// text.
func harOf(t *testing.T, bodies ...string) string {
	t.Helper()
	type content struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
		Text     string `json:"text"`
	}
	var entries []map[string]any
	for i, b := range bodies {
		entries = append(entries, map[string]any{
			"startedDateTime": "2026-11-24T12:00:00Z",
			"time":            12,
			"request": map[string]any{"method": "GET", "url": "https://logs.example.com/" + strconv.Itoa(i+1), "httpVersion": "HTTP/1.1",
				"cookies": []any{}, "headers": []any{}, "queryString": []any{}, "headersSize": -1, "bodySize": 0},
			"response": map[string]any{"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": []any{},
				"headers": []any{map[string]string{"name": "Content-Type", "value": "text/plain"}},
				"content": content{Size: len(b), MimeType: "text/plain", Text: b}, "redirectURL": "", "headersSize": -1, "bodySize": len(b)},
			"cache":   map[string]any{},
			"timings": map[string]any{"send": 0, "wait": 12, "receive": 0},
		})
	}
	data, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2",
		"creator": map[string]string{"name": "test", "version": "1"}, "entries": entries}})
	assert.NilError(t, err)
	return string(data)
}

func TestImportWritesLargeBodiesToBodyFiles(t *testing.T) {
	dir := t.TempDir()
	large := string(largeText(1<<20 + 1))
	writeFile(t, dir, "logs.har", harOf(t, "small", large))

	r := tapedeck(t, dir, "import", "--from", "har", "logs.har")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "logs.yaml: wrote 2 interactions from logs.har\n"+
		"  body files: #2 over 1MiB, in logs.bodies\n")
	c, err := cassette.Load(afero.NewOsFs(), filepath.Join(dir, "logs.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, string(c.Interactions[0].Response.Body), "small")
	rs := &c.Interactions[1].Response
	assert.Equal(t, rs.BodyFile, sha256Hex([]byte(large)))
	assert.Equal(t, rs.BodySize, int64(len(large)))
	assert.Assert(t, rs.Body == nil)
	data, err := os.ReadFile(filepath.Join(dir, cassette.BodyPath("logs.yaml", rs)))
	assert.NilError(t, err)
	assert.Equal(t, string(data), large)

	// What check reads back is whole.
	r = tapedeck(t, dir, "check", "logs.yaml")
	expect(t, r, exitOK)

	// Other files and thresholds, into the same cassette: the body file
	// it no longer names goes.
	writeFile(t, dir, "smaller.har", harOf(t, "small", string(largeText(200<<10)), string(largeText(100<<10))))
	r = tapedeck(t, dir, "import", "--from", "har", "--force", "--body-files-over", "0", "-o", "logs.yaml", "smaller.har")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "logs.yaml: wrote 3 interactions from smaller.har\n"+
		"  removed body file "+cassette.BodyPath("logs.yaml", rs)+": no interaction names it\n")
	_, err = os.Stat(filepath.Join(dir, "logs.bodies"))
	assert.Assert(t, os.IsNotExist(err), "the body directory is removed once empty: %v", err)

	r = tapedeck(t, dir, "import", "--from", "har", "--force", "--body-files-over", "100KiB", "-o", "logs.yaml", "smaller.har")
	expect(t, r, exitOK)
	assert.Equal(t, r.stdout, "logs.yaml: wrote 3 interactions from smaller.har\n"+
		"  body files: #2 over 100KiB, in logs.bodies\n")
	c, err = cassette.Load(afero.NewOsFs(), filepath.Join(dir, "logs.yaml"))
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions[2].Response.Body), 100<<10, "a body of exactly the size stays in the cassette")

	r = tapedeck(t, dir, "import", "--from", "har", "--body-files-over", "lots", "smaller.har")
	expect(t, r, exitUsage)
	assert.Assert(t, strings.Contains(r.stderr, `invalid value "lots" for flag -body-files-over: want a size such as 1MiB`), r.stderr)
}
