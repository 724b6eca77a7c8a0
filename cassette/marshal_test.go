package cassette

import (
	"bytes"
	"testing"

	"go.yaml.in/yaml/v3"
)

// marshalWhole is Marshal as one YAML document, which is how Marshal wrote
// cassettes before it encoded interactions each on its own: Marshal must
// give the same bytes.
func marshalWhole(t testing.TB, c *Cassette) []byte {
	t.Helper()
	root, err := encodeHead(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Interactions) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, in := range c.Interactions {
			n, err := encodeInteraction(in)
			if err != nil {
				t.Fatal(err)
			}
			seq.Content = append(seq.Content, n)
		}
		appendField(root, "interactions", seq)
	}
	var buf bytes.Buffer
	if err := encodeYAML(&buf, root); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkWhole checks that Marshal(c) is marshalWhole(c).
func checkWhole(t testing.TB, c *Cassette, data []byte) {
	t.Helper()
	if whole := marshalWhole(t, c); !bytes.Equal(data, whole) {
		t.Fatalf("Marshal differs from one YAML document:\n%s\nwant:\n%s", data, whole)
	}
}

func TestMarshalAsOneDocument(t *testing.T) {
	for name, c := range map[string]*Cassette{
		"representative": representative(t),
		"benchmark":      benchCassette(t, 300),
		"kept final newlines last": {Interactions: []*Interaction{
			{Response: Response{Code: 200, Body: []byte("a\n\n")}},
			{Response: Response{Code: 200, Body: []byte("b\n\n\n")}},
		}},
		"kept final newlines first": {Interactions: []*Interaction{
			{Response: Response{Code: 200, Body: []byte("a\n\n")}},
			{Response: Response{Code: 200, Body: []byte("b")}},
		}},
	} {
		t.Run(name, func(t *testing.T) {
			data, err := Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			checkWhole(t, c, data)
			if _, err := Unmarshal(data); err != nil {
				t.Fatal(err)
			}
		})
	}
}
