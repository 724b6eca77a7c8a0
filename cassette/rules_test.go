package cassette

import (
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

func TestRedactionRoundTrip(t *testing.T) {
	c := &Cassette{Version: Version, Redact: &Redaction{Headers: []string{"X-Api-Key"}, Query: []string{"key"},
		Form: []string{"password"}, JSON: []string{"$.session", "$['odd name']"}, Patterns: []string{`acct-\d+`}}}
	data, err := Marshal(c)
	assert.NilError(t, err)
	assert.Assert(t, strings.Contains(string(data), "redact:\n  headers: [X-Api-Key]\n  query: [key]\n  form: [password]\n"), string(data))
	back, err := Unmarshal(data)
	assert.NilError(t, err)
	assert.DeepEqual(t, back.Redact, c.Redact)
}

func TestRedactionErrors(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"version: 1\nredact: [x]\n", "line 2: redact: want a mapping"},
		{"version: 1\nredact:\n  query: key\n", "line 3: redact: query: want a list of strings"},
		{"version: 1\nredact:\n  query: ['']\n", "line 3: redact: query: want a non-empty string"},
		{"version: 1\nredact:\n  cookies: [a]\n", "cookies"},
	} {
		_, err := Unmarshal([]byte(tt.yaml))
		assert.ErrorContains(t, err, tt.want, tt.yaml)
	}
	c, err := Unmarshal([]byte("version: 1\nredact: {}\n"))
	assert.NilError(t, err)
	assert.Assert(t, c.Redact == nil)
}
