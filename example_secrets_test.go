package recorder_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
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
