package cassette_test

import (
	"fmt"
	"log"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
)

// DecodedBody undoes a response's Content-Encoding, for showing the body to
// a person: Response.Body holds the bytes as sent, compressed.
func ExampleDecodedBody() {
	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "hello.yaml", []byte(`version: 1
interactions:
  - request:
      method: GET
      url: https://example.com/hello
    response:
      code: 200
      headers:
        Content-Encoding: [gzip]
      body_encoding: gzip
      body: |
        hello, world
`), 0o644)
	c, err := cassette.Load(fsys, "hello.yaml")
	if err != nil {
		log.Fatal(err)
	}
	resp := c.Interactions[0].Response
	plain, encoding, err := cassette.DecodedBody(resp.Headers, resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d bytes on the wire, %s-encoded: %q\n", len(resp.Body), encoding, plain)
	// Output: 37 bytes on the wire, gzip-encoded: "hello, world\n"
}
