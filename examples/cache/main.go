// Command cache shows recorder.AsCache, tapedeck's cache preset for
// developing offline against a saved API. It starts a loopback server that
// stands for the API and counts the requests it answers, then runs the same
// client code twice against one cassette: the first run fetches the
// forecast from the server and stores it, the second is served from the
// cassette (the response said Cache-Control: max-age=3600) and the server
// sees nothing. The cassette lives in a temporary directory that is removed
// at the end. Run it from the module root:
//
//	go run ./examples/cache
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	recorder "github.com/tapedeck/recorder"
)

func main() {
	if err := demo(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// demo runs the example, writing to w, in a temporary directory that it
// removes.
func demo(w io.Writer) error {
	dir, err := os.MkdirTemp("", "tapedeck-cache-example-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	return run(w, dir, time.Now)
}

// run starts the API, fetches the forecast twice through a Recorder made
// with AsCache whose cassette is in dir, and writes what each run got to
// w. now is the clock of both the server (its Date header) and the
// Recorder.
func run(w io.Writer, dir string, now func() time.Time) error {
	var served atomic.Int64
	api := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Path != "/forecast" {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Date", now().UTC().Format(http.TimeFormat))
		rw.Header().Set("Cache-Control", "max-age=3600")
		rw.Header().Set("Etag", `"lyon-1"`)
		rw.Header().Set("Content-Type", "application/json")
		io.WriteString(rw, `{"city":"Lyon","forecast":"sunny","high_c":21}`)
	}))
	defer api.Close()

	path := filepath.Join(dir, "forecast") // forecast.yaml
	fmt.Fprintf(w, "cassette: forecast.yaml in a temporary directory\n")
	for i := 1; i <= 2; i++ {
		rec, err := recorder.Open(path, recorder.AsCache(), recorder.WithClock(now))
		if err != nil {
			return err
		}
		resp, err := rec.Client().Get(api.URL + "/forecast")
		if err != nil {
			rec.Close()
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			rec.Close()
			return err
		}
		if err := rec.Close(); err != nil { // saves what this run recorded
			return err
		}
		info, ok := recorder.Info(resp)
		if !ok {
			return fmt.Errorf("run %d: the response did not come from the recorder", i)
		}
		fmt.Fprintf(w, "run %d: GET /forecast -> %s %s\n", i, resp.Status, strings.TrimSpace(string(body)))
		fmt.Fprintf(w, "  from cassette: %v\n", info.FromCassette)
		fmt.Fprintf(w, "  recorded at:   %s\n", info.RecordedAt.Format(time.RFC3339))
		fmt.Fprintf(w, "  expires:       %s\n", info.ExpiresAt.Format(time.RFC3339))
		fmt.Fprintf(w, "  stale:         %v\n", info.Stale)
		fmt.Fprintf(w, "  the server has answered %d request(s)\n", served.Load())
	}
	if served.Load() != 1 {
		return fmt.Errorf("the server answered %d requests; the second run should have been served from the cassette", served.Load())
	}
	fmt.Fprintln(w, "the second run was served from the cassette: the server saw one request in all")
	return nil
}
