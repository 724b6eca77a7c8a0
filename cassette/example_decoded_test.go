package cassette_test

import (
	"fmt"
	"log"
	"net/http"

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

// DecodeContent undoes every Content-Encoding of a body, here the
// aws-chunked framing of an S3 upload with its CRC32 trailer, and Encode
// redoes it for a changed payload, with the checksum computed anew.
func ExampleDecodeContent() {
	h := http.Header{"Content-Encoding": {"aws-chunked"}}
	wire := []byte("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n")
	plain, codings, err := cassette.DecodeContent(h, wire)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s\n", plain)
	again, _ := codings.Encode([]byte("HELLO"))
	fmt.Printf("%q\n", again)
	// Output:
	// hello
	// "5\r\nHELLO\r\n0\r\nx-amz-checksum-crc32:wURkNg==\r\n\r\n"
}
