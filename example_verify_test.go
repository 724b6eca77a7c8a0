package recorder_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
)

// searchAPI stands in for a real search API: every request gets the same
// small JSON answer.
type searchAPI struct{}

func (searchAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(`{"hits":[]}`)),
		Request: req}, nil
}

// A test that puts the time in its query records again on every run, and
// would miss in CI. With VerifyRecordings the second recording run says so,
// and gives the matcher that ignores the field.
func ExampleVerifyRecordings() {
	fsys := afero.NewMemMapFs()
	run := func(ts string) {
		rec, err := recorder.Open("fixtures/search",
			recorder.WithFS(fsys), recorder.WithMode(recorder.ModeRecordMissing), recorder.WithTransport(searchAPI{}),
			recorder.VerifyRecordings(), recorder.WithLogger(func(format string, args ...any) { fmt.Printf(format+"\n", args...) }))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp, err := rec.Client().Get("http://api.example.test/search?q=tapes&ts=" + ts)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		if err := rec.Close(); err != nil {
			fmt.Println(err)
		}
	}
	run("1764676800") // the first run records
	run("1764676861") // the next one, a minute later, records again
	// Output:
	// tapedeck: fixtures/search.yaml: 1 request(s) recorded by this run differ from what the earlier run recorded, so they will not replay (VerifyRecordings):
	//   GET http://api.example.test/search?q=tapes&ts=1764676861 (earlier: fixtures/search.yaml:3)
	//     query ts: earlier "1764676800", now "1764676861"
	// these fields change from run to run; to match whatever they hold, use:
	//   recorder.WithMatcher(match.All(match.Method(), match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams("ts")), match.Body()))
}
