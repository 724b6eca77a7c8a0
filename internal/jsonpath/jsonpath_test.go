package jsonpath

import (
	"testing"

	"gotest.tools/v3/assert"
)

func TestParseErrors(t *testing.T) {
	tests := []struct{ path, want string }{
		{"token", "a path starts with $"},
		{"$.", "a member name is missing at offset 2"},
		{"$.a..", "a member name is missing at offset 5"},
		{"$.items[", "unclosed [ at offset 7"},
		{"$.items[x]", "[x] is not [*], an index or a quoted name at offset 7"},
		{"$.items[-1]", "[-1] is not [*], an index or a quoted name"},
		{"$['a", "unclosed quoted name at offset 1"},
		{"$['a'x", "a quoted name must be followed by ] at offset 1"},
		{"$a", `unexpected 'a' at offset 1`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := Parse(tt.path)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestMatches(t *testing.T) {
	at := []Segment{{Key: "items"}, {Index: 1, IsIndex: true}, {Key: "deep"}, {Key: "password"}}
	tests := []struct {
		path string
		want bool
	}{
		{"$.items[1].deep.password", true},
		{"$.items[*].deep.password", true},
		{"$..password", true},
		{"$..deep.password", true},
		{"$.*[1]['deep'][\"password\"]", true},
		{"$.items[0].deep.password", false},
		{"$.items[1].deep", false},
		{"$..token", false},
		{"$", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := Parse(tt.path)
			assert.NilError(t, err)
			assert.Equal(t, p.Matches(at), tt.want)
		})
	}
	root, err := Parse("$")
	assert.NilError(t, err)
	assert.Assert(t, root.Root())
	assert.Assert(t, root.Matches(nil))
}

func TestFormat(t *testing.T) {
	segs := []Segment{{Key: "items"}, {Index: 3, IsIndex: true}, {Key: "a b"}, {Key: "it's"}, {Key: "ok"}}
	assert.Equal(t, Format(segs, false), `$.items[3]['a b']['it\'s'].ok`)
	assert.Equal(t, Format(segs, true), `$.items[*]['a b']['it\'s'].ok`)
	// What Format writes, Parse reads back.
	p, err := Parse(Format(segs, false))
	assert.NilError(t, err)
	assert.Assert(t, p.Matches(segs))
}
