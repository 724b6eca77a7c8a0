// Package converttest checks, for the importers' fuzz tests, that what an
// importer returns is a cassette tapedeck can write and read back.
package converttest

import (
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/convert"
	"github.com/tapedeck/recorder/redact"
)

// MaxInput is the size, in bytes, of the largest input the importers'
// fuzz targets import.
//
// It keeps the fuzzer moving. It minimizes every input that finds new
// code, trying on the order of n²/2 shorter variants of an n-byte input,
// and a variant costs a YAML or JSON parse, and a marshal when it still
// imports: tens to hundreds of microseconds with coverage counters in the
// YAML library. Seeded with the 6 and 13 KB fixtures under
// cmd/tapedeck/testdata, one minimization outlasted the whole run and
// fuzzing sat at a few execs; with 500-byte seeds single minimizations
// still took 10 to 20 s, and with 256 bytes up to 14 s. At 192 bytes they
// take 1 to 5 s on a busy 2-core machine, and every field and branch of
// the importers still fits in a few seeds.
const MaxInput = 192

// Read is an importer: internal/har's Read or internal/govcr's.
type Read func(path string, data []byte) (*convert.Result, error)

// Fuzz fuzzes read from seeds: every input is an error or a cassette
// (see Check).
func Fuzz(f *testing.F, read Read, seeds []string) {
	for _, seed := range seeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { Check(t, read, data) })
}

// Check runs read on data as tapedeck import does (the default redaction,
// then the secret scanner) and fails t unless the result has one source
// per interaction and saves as a cassette that loads again. An input
// larger than MaxInput, or one read rejects, passes.
func Check(t testing.TB, read Read, data []byte) {
	t.Helper()
	if len(data) > MaxInput {
		return
	}
	conv, err := read("input", data)
	if err != nil {
		return
	}
	if len(conv.Sources) != len(conv.Interactions) {
		t.Fatalf("%d sources for %d interactions", len(conv.Sources), len(conv.Interactions))
	}
	r := redact.Default()
	c := &cassette.Cassette{Version: cassette.Version}
	for _, in := range conv.Interactions {
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

// Seeds checks that every seed fits under MaxInput and imports into at
// least one interaction or note, so that a fuzzer starts from inputs that
// reach the whole importer.
func Seeds(t *testing.T, read Read, seeds []string) {
	t.Helper()
	for i, seed := range seeds {
		if len(seed) > MaxInput {
			t.Errorf("seed %d: %d bytes, more than the %d the fuzz target imports", i, len(seed), MaxInput)
		}
		conv, err := read("seed", []byte(seed))
		if err != nil {
			t.Errorf("seed %d: %v", i, err)
			continue
		}
		if len(conv.Interactions)+len(conv.Notes) == 0 {
			t.Errorf("seed %d imports nothing", i)
		}
	}
}
