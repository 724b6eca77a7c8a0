package cassette_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/spf13/afero"
	"github.com/tapedeck/recorder/cassette"
)

func ExampleMarshal() {
	c := &cassette.Cassette{
		Comment: "refresh with: go test -run '^TestRepo$' -update",
		Interactions: []*cassette.Interaction{{
			RecordedAt: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC),
			Duration:   84 * time.Millisecond,
			Request: cassette.Request{
				Method:  "GET",
				URL:     "https://api.example.com/repos/1",
				Headers: http.Header{"Accept": {"application/json"}},
			},
			Response: cassette.Response{
				Status:  "200 OK",
				Code:    200,
				Proto:   "HTTP/1.1",
				Headers: http.Header{"Content-Type": {"application/json"}},
				Body:    []byte(`{"id":1,"topics":["http"]}`),
			},
		}},
	}
	data, err := cassette.Marshal(c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(data))
	// Output:
	// # refresh with: go test -run '^TestRepo$' -update
	// version: 1
	// interactions:
	//   - recorded_at: 2026-11-23T18:00:00Z
	//     duration: 84ms
	//     request:
	//       method: GET
	//       url: https://api.example.com/repos/1
	//       headers:
	//         Accept: [application/json]
	//     response:
	//       status: 200 OK
	//       code: 200
	//       proto: HTTP/1.1
	//       headers:
	//         Content-Type: [application/json]
	//       body_format: json
	//       body: |-
	//         {
	//           "id": 1,
	//           "topics": [
	//             "http"
	//           ]
	//         }
}

func ExampleLoad() {
	fsys := afero.NewMemMapFs()
	err := afero.WriteFile(fsys, "fixtures/repo.yaml", []byte(`version: 1
interactions:
  - request:
      method: GET
      url: https://api.example.com/repos/1
    response:
      code: 200
      body_format: json
      body: |
        {"id": 1}
  - request:
      method: DELETE
      url: https://api.example.com/repos/1
    response:
      code: 204
`), 0o644)
	if err != nil {
		log.Fatal(err)
	}

	c, err := cassette.Load(fsys, "fixtures/repo.yaml")
	if err != nil {
		log.Fatal(err)
	}
	for _, in := range c.Interactions {
		fmt.Printf("fixtures/repo.yaml:%d: %s %s -> %d %q\n",
			in.Line, in.Request.Method, in.Request.URL, in.Response.Code, in.Response.Body)
	}
	// Output:
	// fixtures/repo.yaml:3: GET https://api.example.com/repos/1 -> 200 "{\"id\":1}"
	// fixtures/repo.yaml:11: DELETE https://api.example.com/repos/1 -> 204 ""
}

func ExampleSave() {
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{{
		Request:  cassette.Request{Method: "GET", URL: "https://api.example.com/logo.png"},
		Response: cassette.Response{Code: 200, Body: []byte("\x89PNG\r\n\x1a\n")},
	}}}
	// Save creates fixtures/ and replaces the file atomically.
	if err := cassette.Save(fsys, "fixtures/logo.yaml", c); err != nil {
		log.Fatal(err)
	}
	data, err := afero.ReadFile(fsys, "fixtures/logo.yaml")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(data))
	// Output:
	// version: 1
	// interactions:
	//   - request:
	//       method: GET
	//       url: https://api.example.com/logo.png
	//     response:
	//       code: 200
	//       body_format: base64
	//       body: |
	//         iVBORw0KGgo=
}

func ExampleFormatError() {
	fsys := afero.NewMemMapFs()
	err := afero.WriteFile(fsys, "fixtures/repo.yaml", []byte(`version: 1
interactions:
  - request:
      method: GET
    response:
      code: OK
`), 0o644)
	if err != nil {
		log.Fatal(err)
	}

	_, err = cassette.Load(fsys, "fixtures/repo.yaml")
	fmt.Println(err)
	var fe *cassette.FormatError
	if errors.As(err, &fe) {
		fmt.Printf("file %s, line %d\n", fe.Path, fe.Line)
	}
	// Output:
	// fixtures/repo.yaml:6: code: want an integer like 200, got "OK"
	// file fixtures/repo.yaml, line 6
}

func ExampleErrNewerVersion() {
	_, err := cassette.Unmarshal([]byte("version: 2\n"))
	if errors.Is(err, cassette.ErrNewerVersion) {
		fmt.Println(err)
	}
	// Output:
	// line 1: cassette version 2 is newer than this tapedeck (reads up to 1): upgrade with go get github.com/tapedeck/recorder@latest
}
