package cassette

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestChunks(t *testing.T) {
	c := withBody(http.Header{"Content-Type": {"text/plain"}}, []byte("first,second,third"))
	c.Interactions[0].Request = Request{Method: "GET", URL: "https://api.example.com/"}
	c.Interactions[0].Response.Chunks = []Chunk{{6, 0}, {7, time.Second}, {5, 2 * time.Second}}
	data := roundTrip(t, c)
	want := `      chunks:
        - {size: 6, at: 0s}
        - {size: 7, at: 1s}
        - {size: 5, at: 2s}
`
	assert.Assert(t, strings.HasSuffix(string(data), want), "%s", data)
}

func TestChunksNotSaved(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chunks []Chunk
	}{
		{"too few bytes", []Chunk{{6, 0}, {7, time.Second}}},
		{"too many bytes", []Chunk{{6, 0}, {13, time.Second}}},
		{"empty chunk", []Chunk{{0, 0}, {18, time.Second}}},
		{"going back", []Chunk{{6, time.Second}, {12, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := withBody(nil, []byte("first,second,third"))
			c.Interactions[0].Response.Chunks = tc.chunks
			data, err := Marshal(c)
			assert.NilError(t, err)
			assert.Assert(t, !strings.Contains(string(data), "chunks:"), "%s", data)
		})
	}
}

func TestChunksErrors(t *testing.T) {
	head := "version: 1\ninteractions:\n  - request:\n      method: GET\n    response:\n      code: 200\n      body: abcdef\n"
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"not a list", "      chunks: 3\n", `line 8: chunks: want a list of pieces ("- {size: 512, at: 12ms}"), got "3"`},
		{"no at", "      chunks:\n        - {size: 6}\n", "line 9: a chunk has a size and an at, like {size: 512, at: 12ms}"},
		{"zero size", "      chunks:\n        - {size: 0, at: 0s}\n", "line 9: size 0 is not the size of a chunk: a chunk has at least one byte"},
		{"bad at", "      chunks:\n        - {size: 6, at: soon}\n", `line 9: at "soon" is not a duration like 120ms (when the chunk arrived, from the start of the request)`},
		{"going back", "      chunks:\n        - {size: 3, at: 2s}\n        - {size: 3, at: 1s}\n", "line 10: at 1s is before the at of the chunk above (2s): chunks are listed in the order they arrived"},
		{"wrong total", "      chunks:\n        - {size: 3, at: 2s}\n", "line 9: the chunks add up to 3 bytes, the body is 6: fix their sizes, or remove chunks to replay the body in one piece"},
		{"unknown field", "      chunks:\n        - {size: 6, when: 2s}\n", `line 9: unknown field "when" in chunk: the fields are size, at`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal([]byte(head + tc.in))
			assert.Error(t, err, tc.want)
		})
	}
}
