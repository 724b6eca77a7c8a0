package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/internal/jsonpath"
)

// checkWalkValidates fails unless walkJSON accepts exactly the documents
// json.Valid accepts.
func checkWalkValidates(t *testing.T, doc []byte) {
	t.Helper()
	_, err := walkJSON(doc, func([]jsonpath.Segment, byte, string) bool { return false })
	if valid := json.Valid(doc); valid != (err == nil) {
		t.Fatalf("json.Valid(%q) = %v, walkJSON error: %v", doc, valid, err)
	}
}

func TestWalkJSONValidates(t *testing.T) {
	for _, doc := range []string{
		``, ` `, `1`, `-`, `-0`, `01`, `-01`, `1.`, `1.5`, `.5`, `1e`, `1e+`, `1E-7`, `1e5x`, `+1`, `0x1`,
		`true`, `tru`, `truex`, `nul`, `null `, ` false`, `"a"`, `"a`, `"\"`, `"\\"`, `"\/\b\f\n\r\t"`,
		`"\x"`, `"\u12"`, `"\u12G4"`, `"\u00e9"`, "\"\x01\"", "\"\xff\xfe\"", "\"\t\"", `{}`, `{ }`, `[]`,
		`[1,]`, `[,1]`, `{"a":1,}`, `{"a"}`, `{"a":}`, `{1:2}`, `{"a":1 "b":2}`, `[1 2]`, `[1]]`, `{"a":[{"b":null}]}`,
		"\ufeff{}", "{}\x00", "[\n\t\r 1 ]", strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth),
		strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1),
		strings.Repeat(`{"a":`, maxJSONDepth) + "1" + strings.Repeat("}", maxJSONDepth),
		strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1),
	} {
		checkWalkValidates(t, []byte(doc))
	}
}

// FuzzWalkJSONValidates checks that walkJSON fails on exactly the documents
// json.Valid rejects, which is what lets its callers skip json.Valid.
func FuzzWalkJSONValidates(f *testing.F) {
	for _, seed := range []string{`{"a":[1,-2.5e3,true,false,null,"x\u00e9\n"]}`, `[01]`, `{"a":1,}`, "\"\x01\"", `-`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(checkWalkValidates)
}
