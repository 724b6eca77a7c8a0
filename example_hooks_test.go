package recorder_test

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

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
