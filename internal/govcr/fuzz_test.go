package govcr

import (
	"testing"

	"github.com/tapedeck/recorder/internal/convert/converttest"
)

// seeds each import without an error, and between them reach every field
// Read reads (TestFuzzSeeds checks it), in at most converttest.MaxInput
// bytes.
var seeds = []string{
	"version: 2\ninteractions:\n- request: {method: POST, url: 'http://h/', body: '{\"a\":1}'}\n" +
		"  response: {code: 201, body: \"\\x89P\", duration: 1ms}\n",
	"version: 2\ninteractions:\n- request: {url: 'http://h/', host: z, headers: {Authorization: [Bearer x]}}\n" +
		"  response: {code: 200, uncompressed: true, new: 1}\n",
	"version: 2\ninteractions:\n- request: {trailer: {X: [y]}}\n  response: {code: 200, headers: {Date: ['Mon, 05 Jan 2026 10:00:00 GMT']}}\n",
	"version: 2\ninteractions:\n    - request:\n        method: GET\n      response:\n        status: 200 OK\n        code: 200\n        duration: 12\n",
}

// FuzzRead feeds arbitrary files to Read: it returns an error or
// interactions that redact, scan and save as a cassette that loads again,
// and never panics.
func FuzzRead(f *testing.F) { converttest.Fuzz(f, Read, seeds) }

func TestFuzzSeeds(t *testing.T) { converttest.Seeds(t, Read, seeds) }
