package main

import (
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// The importers are fuzzed one format per target, from seeds of a few
// lines, on inputs of at most maxFuzzInput bytes.
//
// All three keep the fuzzer moving. It minimizes every input that finds
// new code, trying on the order of n²/2 shorter variants of an n-byte
// input, and a variant costs a YAML parse, and a marshal when it still
// imports: tens to hundreds of microseconds with coverage counters in the
// YAML library. Seeded with the 6 and 13 KB fixtures under testdata, one
// minimization outlasted the whole run and fuzzing sat at a few execs;
// with 500-byte seeds, and HAR inputs fed to the go-vcr reader as well
// (JSON is YAML), single minimizations still took 10 to 20 s. Every field
// and branch of the importers fits in a few small inputs.
const maxFuzzInput = 256

// FuzzImportGoVCR feeds arbitrary files to the go-vcr importer: it returns
// an error or interactions that redact, scan and save as a cassette that
// loads again, and never panics.
func FuzzImportGoVCR(f *testing.F) {
	f.Add([]byte(`version: 2
interactions:
    - request:
        url: http://h/a?q=1
        method: POST
        body: '{"a":1}'
        headers: {Authorization: [Bearer x]}
      response:
        body: "\x89P"
        code: 201
        duration: 1ms
`))
	f.Add([]byte(`version: 2
interactions: [{id: 1, request: {url: 'http://h/', host: z, trailer: {X: [y]}},
  response: {status: 200 OK, headers: {Date: ['Mon, 05 Jan 2026 10:00:00 GMT']},
  uncompressed: true, duration: 12, new: 1}}]
`))
	f.Add([]byte("version: 2\ninteractions:\n    - id: 0\n      response: {duration: 12}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkImport(t, readGoVCR, data)
	})
}

// FuzzImportHAR is FuzzImportGoVCR for the HAR importer.
func FuzzImportHAR(f *testing.F) {
	f.Add([]byte(`{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-01-05T10:00:00Z","time":1.5,` +
		`"request":{"method":"POST","url":"http://h/","postData":{"text":"eA==","encoding":"base64"}},"response":{"status":200}}]}}`))
	f.Add([]byte(`{"log":{"entries":[{"request":{"method":"GET","url":"/","headers":[{"name":":a","value":""}]},` +
		`"response":{"status":200,"httpVersion":"h2","headers":[{"name":"content-encoding","value":"br"}],"content":{"text":"x"}}}]}}`))
	f.Add([]byte(`{"log":{"entries":[{"request":{"method":"PUT","url":"/","postData":{"mimeType":` +
		`"application/x-www-form-urlencoded","params":[{"name":"a b","value":"1"}]}},"response":{"status":0}}]}}`))
	f.Add([]byte(`{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"http://x/"},"response":{"status":200,"content":{"text":"eA==","encoding":"base64"}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkImport(t, readHAR, data)
	})
}

// checkImport runs read on data as import does and checks that what it
// returns is a cassette tapedeck can write and read back.
func checkImport(t *testing.T, read func(string, []byte) (*converted, error), data []byte) {
	if len(data) > maxFuzzInput {
		return
	}
	conv, err := read("input", data)
	if err != nil {
		return
	}
	if len(conv.sources) != len(conv.interactions) {
		t.Fatalf("%d sources for %d interactions", len(conv.sources), len(conv.interactions))
	}
	r := redact.Default()
	c := &cassette.Cassette{Version: cassette.Version}
	for _, in := range conv.interactions {
		c.Interactions = append(c.Interactions, r.Interaction(in))
	}
	r.Scan(c)
	out, err := cassette.Marshal(c)
	if err != nil {
		t.Fatalf("the imported cassette does not save: %v", err)
	}
	if _, err := cassette.Unmarshal(out); err != nil {
		t.Fatalf("the imported cassette does not load again: %v\n%s", err, out)
	}
}
