package recorder_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/expiry"
)

// The expiry examples record from a loopback server at t0, by an injected
// clock, and use the cassette hours later without waiting.
var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// at returns a clock for recorder.WithClock that always says t.
func at(t time.Time) func() time.Time { return func() time.Time { return t } }

// usersAPI is a loopback HTTP server that answers for api.example.com
// through its Transport, so the URLs in the examples' output do not depend
// on its port. It serves:
//
//	GET  /users/1        JSON with ETag "u1"; 304 to If-None-Match: "u1";
//	                     500 after SetDown(true)
//	GET  /static/app.js  a script, no validators
//	GET  /news           Cache-Control: max-age=60 and ETag "n1"; 304 to
//	                     If-None-Match: "n1"
//	POST /search         JSON results
//	anything else        404
//
// It sends no Date header, so that freshness depends only on the clock the
// examples give the recorder.
type usersAPI struct {
	Transport *http.Transport

	srv    *httptest.Server
	mu     sync.Mutex
	down   bool // answer 500 to /users/1
	served []string
}

func newUsersAPI() *usersAPI {
	a := &usersAPI{}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	addr := a.srv.Listener.Addr().String()
	a.Transport = &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
	return a
}
func (a *usersAPI) serve(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	line := r.Method + " " + r.URL.Path
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		line += " If-None-Match: " + inm
	}
	a.served = append(a.served, line)
	down := a.down
	a.mu.Unlock()

	w.Header()["Date"] = nil
	revalidate := func(etag string) bool {
		w.Header().Set("Etag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
		return false
	}
	switch r.Method + " " + r.URL.Path {
	case "GET /users/1":
		if down {
			http.Error(w, "down for maintenance", http.StatusInternalServerError)
			return
		}
		if revalidate(`"u1"`) {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":1,"name":"Ada"}`)
	case "GET /static/app.js":
		w.Header().Set("Content-Type", "text/javascript")
		io.WriteString(w, "console.log('hi')\n")
	case "GET /news":
		w.Header().Set("Cache-Control", "max-age=60")
		if revalidate(`"n1"`) {
			return
		}
		io.WriteString(w, "tapedeck 1.0 is out\n")
	case "POST /search":
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"results":[1]}`)
	default:
		http.NotFound(w, r)
	}
}

// Requests returns the requests the server answered since the last call.
func (a *usersAPI) Requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.served
	a.served = nil
	return out
}

// SetDown makes /users/1 answer 500 (true) or work again (false).
func (a *usersAPI) SetDown(down bool) {
	a.mu.Lock()
	a.down = down
	a.mu.Unlock()
}
func (a *usersAPI) Close() {
	a.srv.Close()
	a.Transport.CloseIdleConnections()
}

// fetchURL sends a request with c and reads and closes the response body;
// recorder.Info still works on the closed response.
func fetchURL(c *http.Client, method, url string) (*http.Response, error) {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, err = io.ReadAll(resp.Body)
	return resp, err
}

// recordedAtLines returns the recorded_at lines of a cassette file.
func recordedAtLines(fsys afero.Fs, path string) []string {
	data, err := afero.ReadFile(fsys, path)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "recorded_at:") {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return out
}

// seedUsers records GET /users/1 (and any other paths) into users.yaml on
// fsys at t0.
func seedUsers(fsys afero.Fs, api *usersAPI, paths ...string) error {
	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api.Transport), recorder.WithClock(at(t0)))
	if err != nil {
		return err
	}
	for _, p := range append([]string{"/users/1"}, paths...) {
		if _, err := fetchURL(rec.Client(), "GET", "http://api.example.com"+p); err != nil {
			return err
		}
	}
	api.Requests()
	return rec.Close()
}

// hourly makes every recording of api.example.com stale after an hour.
var hourly = expiry.Policy{Rules: []expiry.Rule{
	{Pattern: "api.example.com/**", Expire: expiry.After(time.Hour)},
}}

// WithExpiry gives recordings a lifetime: here recordings of users go stale
// after 24 hours and static files never do. Staleness is computed when the
// cassette is used, from each recording's recorded_at and the policy as it
// is then, so changing a rule needs no re-recording. Two days after
// recording, the user is stale and the script is not; a stale recording is
// still replayed (the default strategy, StaleWarn, logs it).
func ExampleWithExpiry() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api, "/static/app.js"); err != nil {
		fmt.Println(err)
		return
	}

	policy := expiry.Policy{Rules: []expiry.Rule{
		{Pattern: "api.example.com/users/*", Expire: expiry.After(24 * time.Hour)},
		{Pattern: "*/static/*", Expire: expiry.Never},
	}}
	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay),
		recorder.WithExpiry(policy),
		recorder.WithClock(at(t0.Add(48*time.Hour))),
		recorder.WithLogger(func(string, ...any) {})) // see ExampleOnStale_warn
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	for _, path := range []string{"/users/1", "/static/app.js"} {
		resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com"+path)
		if err != nil {
			fmt.Println(err)
			return
		}
		info, _ := recorder.Info(resp)
		fmt.Printf("%s: stale %v, expires %s\n", path, info.Stale, expires(info))
	}
	// Output:
	// /users/1: stale true, expires 2026-11-25T12:00:00Z
	// /static/app.js: stale false, expires never
}
func expires(info recorder.ResponseInfo) string {
	if info.ExpiresAt.IsZero() {
		return "never"
	}
	return info.ExpiresAt.Format(time.RFC3339)
}

// StaleWarn, the default strategy, replays a stale recording and logs which
// one it is, where it is in the cassette, its age against the rule that
// made it stale, and how to refresh it. Under New the log goes to t.Log;
// here WithLogger sends it to standard output.
func ExampleOnStale_warn() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api); err != nil {
		fmt.Println(err)
		return
	}

	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay),
		recorder.WithExpiry(hourly), recorder.OnStale(recorder.StaleWarn),
		recorder.WithClock(at(t0.Add(2*time.Hour))),
		recorder.WithLogger(func(format string, args ...any) { fmt.Printf(format+"\n", args...) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/users/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status)
	// Output:
	// tapedeck: replaying a stale recording of GET http://api.example.com/users/1
	//   users.yaml:3, recorded 2026-11-24T12:00:00Z
	//   stale: age 2h, rule "api.example.com/**"=1h, expired 1h ago
	// to refresh it, run:
	//   TAPEDECK_MODE=update <your program>, or open the recorder with recorder.WithMode(recorder.ModeUpdate)
	// 200 OK
}

// StaleFail refuses a stale recording. Under Open, RoundTrip returns a
// *recorder.StaleError (errors.Is(err, recorder.ErrStale)); under New the
// test fails with the same report and the recording is replayed, so one
// run lists every stale interaction.
func ExampleOnStale_fail() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api); err != nil {
		fmt.Println(err)
		return
	}

	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay),
		recorder.WithExpiry(hourly), recorder.OnStale(recorder.StaleFail),
		recorder.WithClock(at(t0.Add(2*time.Hour))))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	_, err = rec.Client().Get("http://api.example.com/users/1")
	fmt.Println(errors.Is(err, recorder.ErrStale))
	// Output: true
}

// StaleRefresh sends a stale recording's request again when the mode allows
// the network. The recording has an ETag, so the refresh is conditional:
// the server answers 304 Not Modified, the recorded response is kept, and
// only its recorded_at moves, a one-line change to the cassette.
// go test -update (ModeUpdate) does the same whatever the strategy.
func ExampleOnStale_refresh() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("before:", recordedAtLines(fsys, "users.yaml"))

	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api.Transport),
		recorder.WithExpiry(hourly), recorder.OnStale(recorder.StaleRefresh),
		recorder.WithClock(at(t0.Add(2*time.Hour))))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/users/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	info, _ := recorder.Info(resp)
	fmt.Println("server saw:", api.Requests())
	fmt.Println("status:", resp.Status, "revalidated:", info.Revalidated)
	fmt.Println("after:", recordedAtLines(fsys, "users.yaml"))
	// Output:
	// before: [- recorded_at: 2026-11-24T12:00:00Z]
	// server saw: [GET /users/1 If-None-Match: "u1"]
	// status: 200 OK revalidated: true
	// after: [- recorded_at: 2026-11-24T14:00:00Z]
}

// WithClock sets the clock that stamps recorded_at and decides staleness,
// so a program (or a test) can be hours later without waiting.
func ExampleWithClock() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api); err != nil { // records with WithClock(at(t0))
		fmt.Println(err)
		return
	}
	fmt.Println(recordedAtLines(fsys, "users.yaml"))

	for _, later := range []time.Duration{30 * time.Minute, 90 * time.Minute} {
		rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay),
			recorder.WithExpiry(hourly), recorder.WithLogger(func(string, ...any) {}),
			recorder.WithClock(at(t0.Add(later))))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/users/1")
		if err != nil {
			fmt.Println(err)
			return
		}
		rec.Close()
		info, _ := recorder.Info(resp)
		fmt.Printf("%v later: stale %v\n", later, info.Stale)
	}
	// Output:
	// [- recorded_at: 2026-11-24T12:00:00Z]
	// 30m0s later: stale false
	// 1h30m0s later: stale true
}

// WithLogger sets where the Recorder reports what is not an error: here a
// refresh under go test -update (ModeUpdate) that failed with a 500, so the
// stale recording is kept and replayed (stale-if-error). Any function with
// the signature of log.Printf fits.
func ExampleWithLogger() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api); err != nil {
		fmt.Println(err)
		return
	}
	api.SetDown(true)

	logger := log.New(os.Stdout, "users: ", 0)
	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeUpdate),
		recorder.WithTransport(api.Transport), recorder.WithExpiry(hourly),
		recorder.WithClock(at(t0.Add(2*time.Hour))),
		recorder.WithLogger(logger.Printf))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	resp, err := fetchURL(rec.Client(), "GET", "http://api.example.com/users/1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status)
	// Output:
	// users: tapedeck: refreshing failed, so the stale recording is replayed (stale-if-error): GET http://api.example.com/users/1
	//   users.yaml:3, recorded 2026-11-24T12:00:00Z
	//   stale: age 2h, rule "api.example.com/**"=1h, expired 1h ago
	//   refresh: the server answered 500 Internal Server Error; the cassette keeps the old recording
	// to try again, run:
	//   TAPEDECK_MODE=update <your program>, or open the recorder with recorder.WithMode(recorder.ModeUpdate)
	// 200 OK
}

// A StaleError carries the facts of a stale recording under StaleFail: the
// request, the recording and its place in the cassette, the expiry verdict
// and the command that refreshes it. http.Client wraps it in a *url.Error;
// errors.As finds it.
func ExampleStaleError() {
	api := newUsersAPI()
	defer api.Close()
	fsys := afero.NewMemMapFs()
	if err := seedUsers(fsys, api); err != nil {
		fmt.Println(err)
		return
	}

	rec, err := recorder.Open("users", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeReplay),
		recorder.WithExpiry(hourly), recorder.OnStale(recorder.StaleFail),
		recorder.WithClock(at(t0.Add(26*time.Hour))))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	_, err = rec.Client().Get("http://api.example.com/users/1")
	var stale *recorder.StaleError
	if !errors.As(err, &stale) {
		fmt.Println("not stale:", err)
		return
	}
	fmt.Println("line:", stale.Recorded.Line)
	fmt.Println("age:", stale.Verdict.Age)
	fmt.Println("decided by:", stale.Verdict.Source)
	fmt.Println()
	fmt.Println(stale)
	// Output:
	// line: 3
	// age: 26h0m0s
	// decided by: rule "api.example.com/**"
	//
	// tapedeck: the recording is stale (OnStale(StaleFail)): GET http://api.example.com/users/1
	//   users.yaml:3, recorded 2026-11-24T12:00:00Z
	//   stale: age 1d2h, rule "api.example.com/**"=1h, expired 1d1h ago
	// to refresh it, run:
	//   TAPEDECK_MODE=update <your program>, or open the recorder with recorder.WithMode(recorder.ModeUpdate)
}
