package recorder_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/match"
)

// Replaying the project's own cassette, fixtures/example.yaml (recorded from
// a loopback server by go generate), with the network never used.
func Example() {
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay))
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
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, resp.Header.Get("Etag"))
	fmt.Println(string(body))
	// Output:
	// 200 OK "v1"
	// {"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}
}

// In a test, New takes the test's *testing.T: the mode comes from the
// environment (go test -update, CI, TAPEDECK_MODE), the cassette is saved
// when the test ends, and a request with no recording fails the test with
// a report.
func ExampleNew() {
	_ = func(t *testing.T) {
		rec := recorder.New(t, "fixtures/example")
		resp, err := rec.Client().Get("http://api.example.test/hello")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
	}
}

// Outside tests, Open returns a recorder the caller closes; Close saves what
// was recorded.
func ExampleOpen() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello")
	}))
	defer api.Close()
	fsys := afero.NewMemMapFs()

	rec, err := recorder.Open("cache/api", recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := rec.Client().Get(api.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	if err := rec.Close(); err != nil {
		fmt.Println(err)
		return
	}
	_, err = fsys.Stat("cache/api.yaml")
	fmt.Println("saved:", err == nil)
	// Output: saved: true
}

// WithMode fixes the mode whatever the environment says. ModeReplay never
// touches the network: a request with no recording is an error.
func ExampleWithMode() {
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	_, err = rec.Client().Get("http://api.example.test/not-recorded")
	fmt.Println(errors.Is(err, recorder.ErrNoMatch))
	// Output: true
}

// WithTransport sets the real transport, used when the mode records. Here it
// is a loopback server's client transport.
func ExampleWithTransport() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "from the server")
	}))
	defer api.Close()

	rec, err := recorder.Open("api",
		recorder.WithFS(afero.NewMemMapFs()),
		recorder.WithMode(recorder.ModeRecordMissing),
		recorder.WithTransport(api.Client().Transport))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	resp, err := rec.Client().Get(api.URL + "/greeting")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(string(body))
	// Output: from the server
}

// WithFS reads and writes cassettes through an afero.Fs: here an in-memory
// one, so the example leaves no file behind.
func ExampleWithFS() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	defer api.Close()
	fsys := afero.NewMemMapFs()

	for _, mode := range []recorder.Mode{recorder.ModeRecordMissing, recorder.ModeReplay} {
		rec, err := recorder.Open("mem/cassette", recorder.WithFS(fsys), recorder.WithMode(mode))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := rec.Client().Get(api.URL)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(mode, resp.Status)
		rec.Close()
	}
	// Output:
	// record 200 OK
	// replay 200 OK
}

// WithMatcher changes what must match: here the method and URL only, so a
// POST replays whatever body it sends.
func ExampleWithMatcher() {
	rec, err := recorder.Open("fixtures/example",
		recorder.WithMode(recorder.ModeReplay),
		recorder.WithMatcher(match.All(match.Method(), match.URL())))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	resp, err := rec.Client().Post("http://api.example.test/repos", "application/json", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output: 201 Created
}

// A miss is a *MissError: the closest recordings and how each differs.
func ExampleMissError() {
	rec, err := recorder.Open("fixtures/example", recorder.WithMode(recorder.ModeReplay))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	_, err = rec.Client().Get("http://api.example.test/repos/1?page=2")
	var miss *recorder.MissError
	if errors.As(err, &miss) {
		closest := miss.Closest[0]
		fmt.Println("closest:", closest.Interaction.Request.Method, closest.Interaction.Request.URL)
		for _, m := range closest.Mismatches {
			for _, d := range m.Differences {
				fmt.Printf("%s: recorded %s, live %s\n", d.Path, d.Recorded, d.Live)
			}
		}
	}
	// Output:
	// closest: GET http://api.example.test/repos/1
	// query page: recorded (absent), live "2"
}

// ParseMode reads a mode as TAPEDECK_MODE spells it.
func ExampleParseMode() {
	m, err := recorder.ParseMode("record")
	fmt.Println(m == recorder.ModeRecordMissing, err)
	_, err = recorder.ParseMode("recrod")
	fmt.Println(err)
	// Output:
	// true <nil>
	// unknown tapedeck mode "recrod": use one of once, replay, record, update, rerecord, passthrough
}
