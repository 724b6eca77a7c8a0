package cassette

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// cassetteOpts compare cassettes as the file keeps them: Line is not
// written, and an empty body, header or list reads back as nil.
var cassetteOpts = cmp.Options{
	// Bodies are compared whole: walking a 1 MiB slice byte by byte
	// through cmp's options takes seconds.
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
	cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().Type() != reflect.TypeOf([]byte(nil))
	}, cmpopts.EquateEmpty()),
	cmpopts.IgnoreFields(Interaction{}, "Line"),
}

// roundTrip marshals c, unmarshals the result, checks that it equals c and
// that marshaling it again gives the same bytes, and returns the YAML.
func roundTrip(t testing.TB, c *Cassette) []byte {
	t.Helper()
	data, err := Marshal(c)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	checkWhole(t, c, data)
	back, err := Unmarshal(data)
	if err != nil {
		t.Fatalf("Unmarshal: %v\n%s", err, data)
	}
	want := *c
	want.Version = Version
	want.Comment = strings.TrimRight(want.Comment, "\n") // a comment's final newlines are not kept
	if diff := cmp.Diff(&want, back, cassetteOpts); diff != "" {
		t.Fatalf("Unmarshal(Marshal(c)) differs from c (-want +got):\n%s\nYAML:\n%s", diff, data)
	}
	again, err := Marshal(back)
	if err != nil {
		t.Fatalf("Marshal again: %v", err)
	}
	if diff := cmp.Diff(string(data), string(again)); diff != "" {
		t.Fatalf("Marshal(Unmarshal(Marshal(c))) differs from Marshal(c) (-first +second):\n%s", diff)
	}
	return data
}
