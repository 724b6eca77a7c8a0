package recorder_test

import (
	"fmt"
	"net/http"

	recorder "github.com/tapedeck/recorder"
)

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
