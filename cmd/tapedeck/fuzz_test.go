package main

import (
	"fmt"
	"testing"

	"gotest.tools/v3/assert"

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
// (JSON is YAML), single minimizations still took 10 to 20 s, and with
// 256 bytes up to 14 s. At 192 bytes they take 1 to 5 s on a busy 2-core
// machine, and every field and branch of the importers still fits in a
// few seeds.
const maxFuzzInput = 192

// goVCRSeeds and harSeeds each import without an error, and between them
// reach every field the importers read (TestFuzzSeeds checks the first).
var goVCRSeeds = []string{
	"version: 2\ninteractions:\n- request: {method: POST, url: 'http://h/', body: '{\"a\":1}'}\n" +
		"  response: {code: 201, body: \"\\x89P\", duration: 1ms}\n",
	"version: 2\ninteractions:\n- request: {url: 'http://h/', host: z, headers: {Authorization: [Bearer x]}}\n" +
		"  response: {code: 200, uncompressed: true, new: 1}\n",
	"version: 2\ninteractions:\n- request: {trailer: {X: [y]}}\n  response: {code: 200, headers: {Date: ['Mon, 05 Jan 2026 10:00:00 GMT']}}\n",
	"version: 2\ninteractions:\n    - request:\n        method: GET\n      response:\n        status: 200 OK\n        code: 200\n        duration: 12\n",
}

var harSeeds = []string{
	`{"log":{"version":"1.2","entries":[{"startedDateTime":"2026-01-05T10:00:00Z","time":1.5,` +
		`"request":{"method":"GET","url":"/"},"response":{"status":200}}]}}`,
	`{"log":{"entries":[{"request":{"method":"POST","url":"/","postData":{"text":"eA==","encoding":"base64"}},"response":{"status":201}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","url":"/","headers":[{"name":":a","value":""}]},"response":{"status":0}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":200,"httpVersion":"h2",` +
		`"headers":[{"name":"content-encoding","value":"br"}]}}]}}`,
	`{"log":{"entries":[{"request":{"method":"PUT","url":"/","postData":{"mimeType":` +
		`"application/x-www-form-urlencoded","params":[{"name":"a b"}]}},"response":{"status":204}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":200,"content":{"text":"eA==","encoding":"base64"}}}]}}`,
}

// FuzzImportGoVCR feeds arbitrary files to the go-vcr importer: it returns
// an error or interactions that redact, scan and save as a cassette that
// loads again, and never panics.
func FuzzImportGoVCR(f *testing.F) {
	for _, seed := range goVCRSeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkImport(t, readGoVCR, data)
	})
}

// FuzzImportHAR is FuzzImportGoVCR for the HAR importer.
func FuzzImportHAR(f *testing.F) {
	for _, seed := range harSeeds {
		f.Add([]byte(seed))
	}
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

// TestFuzzSeeds checks that every seed fits under maxFuzzInput and imports
// into at least one interaction, so that the fuzzers start from inputs
// that reach the whole importer.
func TestFuzzSeeds(t *testing.T) {
	for name, set := range map[string]struct {
		seeds []string
		read  func(string, []byte) (*converted, error)
	}{"go-vcr": {goVCRSeeds, readGoVCR}, "har": {harSeeds, readHAR}} {
		for i, seed := range set.seeds {
			t.Run(fmt.Sprintf("%s/%d", name, i), func(t *testing.T) {
				assert.Assert(t, len(seed) <= maxFuzzInput, "%d bytes", len(seed))
				conv, err := set.read("seed", []byte(seed))
				assert.NilError(t, err)
				assert.Assert(t, len(conv.interactions)+len(conv.notes) > 0)
			})
		}
	}
}
