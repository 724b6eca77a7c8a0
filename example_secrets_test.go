package recorder_test

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// inProcess is the "real" transport of these examples: it serves requests
// with an http.Handler in the same process, so they record without a
// network and print the same URLs on every run. In your tests, leave
// WithTransport out (http.DefaultTransport) or pass an httptest server's
// client transport.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context()) // a server's request always has a Body
	if in.Body == nil {
		in.Body = http.NoBody
	}
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, in)
	return w.Result(), nil
}

// api is the API these examples record: it echoes what it was sent.
var api = inProcess{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/login":
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3ss10n-7c9e", Path: "/"})
		fmt.Fprint(w, `{"ok":true}`)
	case "/tokens":
		// A response that carries a credential no filter describes.
		fmt.Fprint(w, `{"id":7,"value":"ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"}`)
	default:
		fmt.Fprintf(w, `{"path":%q,"tenant":%q,"body":%q}`, r.URL.Path, r.Header.Get("X-Tenant"), body)
	}
})}

// printLines prints the lines of the cassette at path that contain one of
// the words, trimmed.
func printLines(fsys afero.Fs, path string, words ...string) {
	data, err := afero.ReadFile(fsys, path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(string(data), "\n") {
		for _, w := range words {
			if strings.Contains(line, w) {
				fmt.Println(strings.TrimSpace(line))
				break
			}
		}
	}
}

// send sends a request through c and prints the status and body, or the
// error.
func send(c *http.Client, method, url, body string, header http.Header) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, string(b))
}

// Redaction is on by default: here the bearer token, the api_key
// parameter, the JSON password and the Set-Cookie value never reach the
// file. WithRedaction adds filters (a header and a JSON field here), and
// the live request is redacted the same way before it is matched, so
// replay with other credentials still matches.
func ExampleWithRedaction() {
	fsys := afero.NewMemMapFs()
	filters := recorder.WithRedaction(redact.Header("X-Tenant"), redact.JSONField("$.card.number"))
	login := func(c *http.Client, token, key, password string) {
		send(c, "POST", "https://api.example.com/login?api_key="+key,
			`{"user":"ann","password":"`+password+`","card":{"number":"4111-1111"}}`,
			http.Header{"Authorization": {"Bearer " + token}, "X-Tenant": {"acme"}, "Content-Type": {"application/json"}})
	}

	rec, err := recorder.Open("fixtures/login", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api), filters)
	if err != nil {
		fmt.Println(err)
		return
	}
	login(rec.Client(), "tok-live-1", "k-live-1", "hunter2")
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	printLines(fsys, "fixtures/login.yaml", "url:", "Authorization", "X-Tenant", "password", "number", "Set-Cookie")

	// Replay, offline, with other credentials: the request still matches.
	rec, err = recorder.Open("fixtures/login", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay), filters)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	login(rec.Client(), "tok-ci-2", "k-ci-2", "not-the-password")
	// Output:
	// 200 OK {"ok":true}
	// url: https://api.example.com/login?api_key=REDACTED
	// Authorization: [Bearer REDACTED]
	// X-Tenant: [REDACTED]
	// "password": "REDACTED",
	// "number": "REDACTED"
	// Set-Cookie: [session=REDACTED; Path=/]
	// 200 OK {"ok":true}
}

// A redact.Secret filter replaces a value the test knows (an API key from
// the environment) with a named placeholder, and puts the value of the
// moment back into replayed responses, for tests that need the real shape.
// A redact.Pattern replaces what a regular expression matches, here an
// account number in URLs and bodies, with its own placeholder; it stays in
// replayed responses unless a Secret has the same placeholder. Both apply
// to the live request before matching, so another account number and
// another key match the recording.
func ExampleWithRedaction_placeholders() {
	fsys := afero.NewMemMapFs()
	apiKey := "k-live-5521" // in a test: os.Getenv("API_KEY")
	filters := recorder.WithRedaction(
		redact.Secret("<API_KEY>", func() string { return apiKey }),
		redact.Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT_ID>"),
	)
	rec, err := recorder.Open("fixtures/accounts", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api), filters)
	if err != nil {
		fmt.Println(err)
		return
	}
	send(rec.Client(), "POST", "https://api.example.com/accounts/acct-48151623", "key="+apiKey, nil)
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	printLines(fsys, "fixtures/accounts.yaml", "<")

	// In CI the key is a fake one; the account number is whatever the
	// pattern matches.
	apiKey = "k-fake"
	rec, err = recorder.Open("fixtures/accounts", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay), filters)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	send(rec.Client(), "POST", "https://api.example.com/accounts/acct-42", "key="+apiKey, nil)
	// Output:
	// 200 OK {"path":"/accounts/acct-48151623","tenant":"","body":"key=k-live-5521"}
	// url: https://api.example.com/accounts/<ACCOUNT_ID>
	// body: key=<API_KEY>
	// "path": "/accounts/<ACCOUNT_ID>",
	// "body": "key=<API_KEY>"
	// 200 OK {"path":"/accounts/<ACCOUNT_ID>","tenant":"","body":"key=k-fake"}
}

// redact.Keep turns a default rule off for one name: here the
// X-Api-Key header, because the local test server checks a fixed demo
// key and the test matches on it. The risk: whatever the header holds is
// written to the cassette, and a committed cassette keeps it in the
// repository's history. Keep it for values that are not secret.
func ExampleWithRedaction_keep() {
	fsys := afero.NewMemMapFs()
	rec, err := recorder.Open("fixtures/demo", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api), recorder.WithRedaction(redact.Keep("X-Api-Key")))
	if err != nil {
		fmt.Println(err)
		return
	}
	send(rec.Client(), "GET", "https://api.example.com/items", "",
		http.Header{"X-Api-Key": {"demo-key-public"}, "Authorization": {"Bearer tok-live-1"}})
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	printLines(fsys, "fixtures/demo.yaml", "X-Api-Key", "Authorization")
	// Output:
	// 200 OK {"path":"/items","tenant":"","body":""}
	// Authorization: [Bearer REDACTED]
	// X-Api-Key: [demo-key-public]
}

// Before each save the cassette is scanned for what still looks like a
// credential. A finding stops the save with a *SecretError that names the
// file, the interaction, the field, and the options that redact or accept
// the value; nothing is written.
func ExampleSecretError() {
	fsys := afero.NewMemMapFs()
	rec, err := recorder.Open("fixtures/tokens", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The client gets the response as the server sent it.
	send(rec.Client(), "POST", "https://api.example.com/tokens", "", nil)
	err = rec.Close()
	fmt.Println(errors.Is(err, recorder.ErrSecret))
	fmt.Println(err)
	_, statErr := fsys.Stat("fixtures/tokens.yaml")
	fmt.Println("written:", statErr == nil)
	// Output:
	// 200 OK {"id":7,"value":"ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"}
	// true
	// tapedeck: fixtures/tokens.yaml was not saved: 1 value in it looks like a credential, and nothing was written (the file is as it was)
	//   interaction #1 (POST https://api.example.com/tokens, recorded by this run): response.body $.value: GitHub token "ghp_…": add recorder.WithRedaction(redact.JSONField("$.value")) or allow it with recorder.WithRedaction(redact.AllowField("response.body $.value"))
	// redact the values with the filters above, or accept false positives with the AllowField options, then run again
	// written: false
}

// A known false positive is accepted by field (redact.AllowField, as the
// SecretError prints it) or by exact value (redact.Allow): the scan lets
// the save go on, and the value is written as it is.
func ExampleWithRedaction_allow() {
	for _, allow := range []redact.Option{
		redact.AllowField("response.body $.value"),
		redact.Allow("ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"),
	} {
		fsys := afero.NewMemMapFs()
		rec, err := recorder.Open("fixtures/tokens", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
			recorder.WithTransport(api), recorder.WithRedaction(allow))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := rec.Client().Post("https://api.example.com/tokens", "", nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(rec.Close())
		printLines(fsys, "fixtures/tokens.yaml", `"value"`)
	}
	// Output:
	// <nil>
	// "value": "ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"
	// <nil>
	// "value": "ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"
}

// AfterCapture edits each interaction before it is stored, after the
// round trip and before redaction: here it drops a header no test needs
// and rewrites a changing value that no filter describes. The client gets
// the response as the server sent it.
func ExampleAfterCapture() {
	fsys := afero.NewMemMapFs()
	server := inProcess{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-8812")
		w.Header().Set("X-Served-By", "cache-fra-1")
		fmt.Fprint(w, "ok")
	})}
	rec, err := recorder.Open("fixtures/ids", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(server),
		recorder.AfterCapture(func(in *cassette.Interaction) error {
			in.Response.Headers.Del("X-Served-By")
			in.Response.Headers.Set("X-Request-Id", "<REQUEST_ID>")
			return nil
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := rec.Client().Get("https://api.example.com/ping")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println("client got:", resp.Header.Get("X-Request-Id"), resp.Header.Get("X-Served-By"))
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	printLines(fsys, "fixtures/ids.yaml", "X-Request-Id", "X-Served-By")
	// Output:
	// client got: req-8812 cache-fra-1
	// X-Request-Id: [<REQUEST_ID>]
}

// BeforeSave edits the whole cassette just before it is saved (and
// before the secret scan): here it sorts the interactions by URL and sets
// the comment at the top of the file.
func ExampleBeforeSave() {
	fsys := afero.NewMemMapFs()
	rec, err := recorder.Open("fixtures/sorted", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api),
		recorder.BeforeSave(func(c *cassette.Cassette) error {
			sort.SliceStable(c.Interactions, func(i, j int) bool {
				return c.Interactions[i].Request.URL < c.Interactions[j].Request.URL
			})
			c.Comment = "recorded against the staging API"
			return nil
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, path := range []string{"/c", "/a", "/b"} {
		resp, err := rec.Client().Get("https://api.example.com" + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
	}
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	printLines(fsys, "fixtures/sorted.yaml", "#", "url:")
	// Output:
	// # recorded against the staging API
	// url: https://api.example.com/a
	// url: https://api.example.com/b
	// url: https://api.example.com/c
}

// BeforeReplay edits the response handed to the client, after Secret
// placeholders are restored: here a Date header of today replaces the
// recorded one. The cassette keeps what was recorded.
func ExampleBeforeReplay() {
	today := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC) // in a test: time.Now()
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay),
		recorder.BeforeReplay(func(in *cassette.Interaction) error {
			in.Response.Headers.Set("Date", today.Format(http.TimeFormat))
			return nil
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	resp, err := rec.Client().Get("http://api.example.test/repos/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Date"))
	// Output: 200 OK Mon, 01 Mar 2027 09:00:00 GMT
}

// WithPassthrough sends the requests its rule claims to the real
// transport in every mode, ModeReplay included, and never records or
// replays them: here a local metrics endpoint, while the API replays from
// fixtures/example.yaml.
func ExampleWithPassthrough() {
	local := inProcess{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "metrics accepted")
	})}
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay), recorder.WithTransport(local),
		recorder.WithPassthrough(func(req *http.Request) bool {
			return req.URL.Path == "/metrics"
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	send(rec.Client(), "POST", "http://api.example.test/metrics", "requests=1", nil)
	send(rec.Client(), "GET", "http://api.example.test/repos/2", "", nil)
	// Output:
	// 200 OK metrics accepted
	// 200 OK {"id":2,"name":"cassette","stars":7,"topics":[]}
}

// IgnoreHosts is a passthrough rule by host name: requests to these hosts
// go to the real transport and are never recorded or replayed.
func ExampleIgnoreHosts() {
	local := inProcess{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "live %s", r.URL.Host)
	})}
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay), recorder.WithTransport(local),
		recorder.IgnoreHosts("localhost", "telemetry.example.test"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	send(rec.Client(), "GET", "http://localhost:8080/health", "", nil)
	send(rec.Client(), "POST", "https://telemetry.example.test/v1/traces", "{}", nil)
	send(rec.Client(), "GET", "http://api.example.test/repos/2", "", nil)
	// Output:
	// 200 OK live localhost:8080
	// 200 OK live telemetry.example.test
	// 200 OK {"id":2,"name":"cassette","stars":7,"topics":[]}
}

// WithLatency replays each response after the duration it took when it
// was recorded (times the fraction): fixtures/example.yaml recorded GET
// /repos/1 in 2ms. Without the option, replay is instant.
func ExampleWithLatency() {
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay), recorder.WithLatency(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	start := time.Now()
	resp, err := rec.Client().Get("http://api.example.test/repos/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, "after at least 2ms:", time.Since(start) >= 2*time.Millisecond)
	// Output: 200 OK after at least 2ms: true
}

// Seed returns a seed that is recorded in the cassette the first time and
// read back after, so that random names a test puts in its requests are
// the same on replay and match.
func ExampleRecorder_Seed() {
	fsys := afero.NewMemMapFs()
	create := func(mode recorder.Mode) (seed int64, body string) {
		rec, err := recorder.Open("fixtures/create", recorder.WithFS(fsys), recorder.WithMode(mode), recorder.WithTransport(api))
		if err != nil {
			return 0, err.Error()
		}
		defer rec.Close()
		rng := rand.New(rand.NewPCG(uint64(rec.Seed()), 0))
		name := fmt.Sprintf("test-repo-%d", rng.IntN(1_000_000))
		resp, err := rec.Client().Post("https://api.example.com/repos", "text/plain", strings.NewReader(name))
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return rec.Seed(), string(b)
	}
	seed1, body1 := create(recorder.ModeRecordMissing) // records the seed
	seed2, body2 := create(recorder.ModeReplay)        // reads it back, and the request matches
	fmt.Println("same seed:", seed1 == seed2)
	fmt.Println("same response:", body1 == body2, strings.Contains(body2, "test-repo-"))
	// Output:
	// same seed: true
	// same response: true true
}
