package redact

import (
	"net/http"

	"github.com/tapedeck/recorder/cassette"
)

// decodeBody undoes the Content-Encoding of h on wire with the cassette
// package's decoder, the one the file format stores bodies with. It returns
// the decoded bytes and the codings to redo them with, or an error saying
// why the body cannot be read (an encoding it does not know, corrupt data,
// a body that decodes to more than 64 MiB).
func decodeBody(h http.Header, wire []byte) ([]byte, cassette.Codings, error) {
	return cassette.DecodeContent(h, wire)
}
