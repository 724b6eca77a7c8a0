package cassette

import (
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// fieldChunks is the response field that holds how a body that came in
// pieces (Transfer-Encoding: chunked, or a body of unknown length) arrived.
const fieldChunks = "chunks"

// chunkFields are the fields of one item of chunks.
var chunkFields = []string{"size", fieldEventAt}

// A Chunk is one piece of a response body as it arrived while recording.
type Chunk struct {
	// Size is the number of bytes of the piece.
	Size int
	// At is when its last byte had arrived, counted from when the request
	// was sent.
	At time.Duration
}

// appendChunks appends the chunks field of a body of size bytes, when
// chunks are its pieces: their sizes add up to size, none is empty, and
// their times do not go back.
func appendChunks(m *yaml.Node, chunks []Chunk, size int) {
	if len(chunks) == 0 || !validChunks(chunks, size) {
		return
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Content: make([]*yaml.Node, 0, len(chunks))}
	for _, c := range chunks {
		item := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		appendField(item, "size", intNode(c.Size))
		appendField(item, fieldEventAt, stringNode(c.At.String()))
		list.Content = append(list.Content, item)
	}
	appendField(m, fieldChunks, list)
}

// validChunks reports whether chunks are the pieces of a body of size
// bytes.
func validChunks(chunks []Chunk, size int) bool {
	total := 0
	for i, c := range chunks {
		if c.Size <= 0 || c.At < 0 || i > 0 && c.At < chunks[i-1].At {
			return false
		}
		total += c.Size
	}
	return total == size
}

// decodeChunks returns the chunks field n of a response whose body is
// size bytes.
func decodeChunks(n *yaml.Node, size int) ([]Chunk, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, errorf(n.Line, "chunks: want a list of pieces (\"- {size: 512, at: 12ms}\"), got %s", describe(n))
	}
	chunks := make([]Chunk, 0, len(n.Content))
	total := 0
	for _, item := range n.Content {
		f, err := readFields(item, "chunk", chunkFields)
		if err != nil {
			return nil, err
		}
		sn, an := f.value("size"), f.value(fieldEventAt)
		if sn == nil || an == nil {
			return nil, errorf(item.Line, "a chunk has a size and an at, like {size: 512, at: 12ms}")
		}
		var c Chunk
		if c.Size, err = intValue(sn, "size", "512"); err != nil {
			return nil, err
		}
		if c.Size <= 0 {
			return nil, errorf(sn.Line, "size %d is not the size of a chunk: a chunk has at least one byte", c.Size)
		}
		s, err := stringValue(an, fieldEventAt)
		if err != nil {
			return nil, err
		}
		if c.At, err = time.ParseDuration(s); err != nil || c.At < 0 {
			return nil, errorf(an.Line, "at %q is not a duration like 120ms (when the chunk arrived, "+
				"from the start of the request)", s)
		}
		if len(chunks) > 0 && c.At < chunks[len(chunks)-1].At {
			return nil, errorf(an.Line, "at %s is before the at of the chunk above (%s): "+
				"chunks are listed in the order they arrived", c.At, chunks[len(chunks)-1].At)
		}
		total += c.Size
		chunks = append(chunks, c)
	}
	if total != size {
		return nil, errorf(n.Line, "the chunks add up to %s bytes, the body is %s: "+
			"fix their sizes, or remove chunks to replay the body in one piece",
			strconv.Itoa(total), strconv.Itoa(size))
	}
	return chunks, nil
}
