package cassette_test

import (
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
)

// A large body is written beside the cassette as it arrives, named by its
// SHA-256, and read back from there.
func ExampleCreateBody() {
	fsys := afero.NewMemMapFs()
	path := "fixtures/download.yaml"
	w, err := cassette.CreateBody(fsys, path)
	if err != nil {
		log.Fatal(err)
	}
	io.Copy(w, strings.NewReader(strings.Repeat("a large body\n", 1000)))
	name, size, err := w.Commit()
	if err != nil {
		log.Fatal(err)
	}
	resp := &cassette.Response{Code: 200, BodyFile: name, BodySize: size}
	fmt.Println(cassette.BodyPath(path, resp))

	body, err := cassette.OpenBody(fsys, path, resp)
	if err != nil {
		log.Fatal(err)
	}
	defer body.Close()
	n, err := io.Copy(io.Discard, body) // checks the length and the SHA-256
	fmt.Println(n, err)
	// Output:
	// fixtures/download.bodies/62950baa55fd713fd384046adec7d767202822fc2bed17bc9225247bc0a4d713
	// 13000 <nil>
}

// PruneBodies removes the body files a cassette no longer names, such as
// the old body of a response recorded again.
func ExamplePruneBodies() {
	fsys := afero.NewMemMapFs()
	path := "fixtures/download.yaml"
	write := func(body string) *cassette.Interaction {
		w, err := cassette.CreateBody(fsys, path)
		if err != nil {
			log.Fatal(err)
		}
		io.WriteString(w, body)
		name, size, err := w.Commit()
		if err != nil {
			log.Fatal(err)
		}
		return &cassette.Interaction{
			Request:  cassette.Request{Method: "GET", URL: "https://cdn.example.com/file"},
			Response: cassette.Response{Code: 200, BodyFile: name, BodySize: size},
		}
	}
	write("the body as first recorded")
	now := write("the body as recorded again")
	c := &cassette.Cassette{Interactions: []*cassette.Interaction{now}}
	fmt.Println(cassette.BodyFiles(c)[0][:12])

	removed, err := cassette.PruneBodies(fsys, path, c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(removed), "removed")
	// Output:
	// 94e23b6f9880
	// 1 removed
}
