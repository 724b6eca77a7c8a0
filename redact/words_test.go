package redact

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestWordList(t *testing.T) {
	l := newWordList("token", "apikey", "key", "", "clé")
	for _, tc := range []struct {
		name      string
		in, endOf bool
	}{
		{name: "token", in: true, endOf: true},
		{name: "accesstokenid", in: true},
		{name: "xapikey", in: true, endOf: true},
		{name: "monkeys", in: true},
		{name: "tok", in: false},
		{name: "", in: false},
		{name: "clé", in: false},
		{name: "tokens", in: true},
		{name: "ttoken", in: true, endOf: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, l.in([]byte(tc.name)), tc.in, "in")
			assert.Equal(t, l.endOf([]byte(tc.name)), tc.endOf, "endOf")
		})
	}
}
