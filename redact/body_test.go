package redact

import (
	"bytes"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

// TestDefaultNameHints checks that every name the default rules redact in
// a body holds one of defaultNameHints, which redactJSON looks for before
// it walks a body.
func TestDefaultNameHints(t *testing.T) {
	names := []string{"key"} // isDefaultName's own
	// isDefaultNameExact's switch.
	for _, n := range []string{"token", "sig", "signature", "auth", "secret", "password", "passwd", "apikey"} {
		assert.Assert(t, isDefaultNameExact([]byte(n)), "%s is not an exact default name", n)
		names = append(names, n)
	}
	for _, words := range defaultNameSuffixes.byFirst {
		names = append(names, words...)
	}
	for _, n := range names {
		assert.Assert(t, defaultNameHints.in([]byte(n)), "%s holds none of defaultNameHints", n)
		assert.Assert(t, mayHoldDefaultName([]byte(`{"x_`+strings.ToUpper(n[:1])+"-"+n[1:]+`":1}`)), "%s is not found", n)
	}
	for _, words := range defaultNameHints.byFirst {
		for _, w := range words {
			assert.Assert(t, len(w) <= 8, "%s is longer than the 8 bytes mayHoldDefaultName compares", w)
		}
	}
}

func TestMayHoldDefaultName(t *testing.T) {
	for doc, want := range map[string]bool{
		`{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`: false,
		`{"ACCESS-TOKEN":"x"}`: true, `{"a":"to.k_e-n"}`: true, `{"monkey":1}`: true, `{"au th":1}`: true, `{"CRED":1}`: true, `{"cre":"d"}`: false, "\x00\x00key": true,
		``: false, `{"k":"é"}`: false, strings.Repeat("x", 100) + "SiG": true, "ke": false,
	} {
		assert.Equal(t, mayHoldDefaultName([]byte(doc)), want, doc)
	}
}

// checkRedactJSONAsWalked fails unless redactJSON, which skips some
// bodies, gives what the walk gives.
func checkRedactJSONAsWalked(t *testing.T, doc []byte) {
	t.Helper()
	for _, r := range []*Redactor{Default(), mustNew(t, Keep("password")), mustNew(t, JSONField("$..x"))} {
		if got, want := r.redactJSON(doc), r.walkRedactJSON(doc); !bytes.Equal(got, want) {
			t.Fatalf("redactJSON(%q) = %q, the walk gives %q", doc, got, want)
		}
	}
}

// FuzzRedactJSONAsWalked checks that the look for default names never
// skips a body the walk would redact.
func FuzzRedactJSONAsWalked(f *testing.F) {
	for _, seed := range []string{
		`{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`,
		`{"Api-Key":"x","a":[{"x":1}]}`, `{"key":"AIzaSyA1234567890abcdefghijklmnopqrstuv"}`,
		`{"pass\u0077ord":"x"}`, `{"client.SECRET":"x"}`, `[{"refresh_token":1}]`, `{"x":{"sig":null}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(checkRedactJSONAsWalked)
}
