package recorder_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	recorder "github.com/tapedeck/recorder"
)

// ServeClient sends requests meant for the real API to `tapedeck serve`,
// naming the cassette that answers them. The server here prints what serve
// would receive.
func ExampleServeClient() {
	serve := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.RequestURI(), "from", r.Header.Get(recorder.ServeCassetteHeader),
			"in a session:", r.Header.Get(recorder.ServeSessionHeader) != "")
	}))
	defer serve.Close()

	client, err := recorder.ServeClient(serve.URL, "fixtures/github")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.Get("https://api.github.com/repos/o/r?per_page=5")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output:
	// GET /repos/o/r?per_page=5 from fixtures/github in a session: true
}
