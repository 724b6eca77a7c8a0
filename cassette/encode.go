package cassette

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Marshal returns c in the cassette file format (see the package
// documentation), always at format Version. The output is deterministic:
// the same cassette always gives the same bytes. A long list of
// interactions is encoded on every core, each interaction on its own, and
// joined.
func Marshal(c *Cassette) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, yamlPanic(r)
		}
	}()
	if c == nil {
		return nil, errors.New("cassette: Marshal of a nil *Cassette")
	}
	buf, ok := emitHead(make([]byte, 0, sizeHint(c)), c)
	if !ok {
		head, err := encodeHead(c)
		if err != nil {
			return nil, fmt.Errorf("cassette: %w", err)
		}
		var b bytes.Buffer
		if err := encodeYAML(&b, head); err != nil {
			return nil, err
		}
		buf = append(buf[:0], b.Bytes()...)
	}
	if len(c.Interactions) == 0 {
		return buf, nil
	}
	buf = append(buf, interactionsKey...)
	if parallelItems(len(c.Interactions)) <= 1 {
		return appendItems(buf, c.Interactions)
	}
	items, err := encodeItems(c.Interactions)
	if err != nil {
		return nil, err
	}
	size := len(buf)
	for _, item := range items {
		size += len(item)
	}
	buf = slices.Grow(buf, size-len(buf))
	for _, item := range items {
		buf = append(buf, item...)
	}
	return buf, nil
}

// sizeHint is about the size of the file of c, from its bodies.
func sizeHint(c *Cassette) int {
	n := 64
	for _, in := range c.Interactions {
		n += itemHint(in)
	}
	return n
}

// itemHint is about the size of the item of in in the interactions list.
func itemHint(in *Interaction) int {
	if in == nil {
		return 0
	}
	return 512 + 2*(len(in.Request.Body)+len(in.Response.Body))
}

// interactionsKey starts the list of interactions.
const interactionsKey = "interactions:\n"

func yamlPanic(r any) error {
	return fmt.Errorf("cassette: the YAML library failed on this cassette (%v): "+
		"please report it at https://github.com/tapedeck/recorder/issues", r)
}

// encodeYAML writes the document whose root is n.
func encodeYAML(buf *bytes.Buffer, n *yaml.Node) error {
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{n}}); err != nil {
		return fmt.Errorf("cassette: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("cassette: %w", err)
	}
	return nil
}

// itemsPerWorker is the least number of interactions worth a goroutine of
// their own when Marshal encodes them.
const itemsPerWorker = 64

// parallelItems is the number of goroutines that encode a list of n
// interactions.
func parallelItems(n int) int {
	if n <= itemsPerWorker {
		return 1 // without GOMAXPROCS, which takes a lock
	}
	return min(runtime.GOMAXPROCS(0), (n+itemsPerWorker-1)/itemsPerWorker)
}

// appendItems appends each interaction of list to buf as its item of the
// interactions list, one after the other.
func appendItems(buf []byte, list []*Interaction) ([]byte, error) {
	var scratch *bytes.Buffer // for the library, when the emitter gives up
	for i, in := range list {
		start := len(buf)
		var ok bool
		if buf, ok = emitItem(buf, in); !ok {
			if scratch == nil {
				scratch = new(bytes.Buffer)
			}
			item, err := encodeItem(scratch, i, in)
			if err != nil {
				return nil, err
			}
			buf = append(buf, item...)
		}
		if i < len(list)-1 {
			buf = buf[:start+len(trimDocumentEnd(buf[start:]))]
		}
	}
	return buf, nil
}

// trimDocumentEnd returns item without the document end marker that
// follows an item ending in a block scalar kept with its final line breaks
// (|+): it belongs only after the last item of the list.
func trimDocumentEnd(item []byte) []byte {
	if bytes.HasSuffix(item, []byte("\n...\n")) {
		return item[:len(item)-len("...\n")]
	}
	return item
}

// encodeItems returns each interaction as the item of the interactions
// list that it is in the file: encoded under the interactions key, on its
// own, and without that key. The first error, in the order of the list,
// is returned.
func encodeItems(list []*Interaction) ([][]byte, error) {
	items := make([][]byte, len(list))
	errs := make([]error, len(list))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range parallelItems(len(list)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(list) {
					return
				}
				if item, ok := emitItem(make([]byte, 0, itemHint(list[i])), list[i]); ok {
					items[i] = item
					continue
				}
				items[i], errs[i] = encodeItem(&buf, i, list[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for i := range len(items) - 1 {
		items[i] = trimDocumentEnd(items[i])
	}
	return items, nil
}

// encodeItem returns interaction i of the list as its item, using buf.
func encodeItem(buf *bytes.Buffer, i int, in *Interaction) (item []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			item, err = nil, yamlPanic(r)
		}
	}()
	n, err := encodeInteraction(in)
	if err != nil {
		if in != nil && (in.Request.Method != "" || in.Request.URL != "") {
			return nil, fmt.Errorf("cassette: interaction %d (%s %s): %w", i+1, in.Request.Method, in.Request.URL, err)
		}
		return nil, fmt.Errorf("cassette: interaction %d: %w", i+1, err)
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	appendField(root, "interactions", &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{n}})
	buf.Reset()
	if err := encodeYAML(buf, root); err != nil {
		return nil, err
	}
	out, ok := bytes.CutPrefix(buf.Bytes(), []byte(interactionsKey))
	if !ok {
		return nil, fmt.Errorf("cassette: interaction %d: the YAML library wrote %q", i+1, buf.Bytes()[:min(buf.Len(), 40)])
	}
	return bytes.Clone(out), nil
}

// encodeHead returns the root mapping of c without its interactions.
func encodeHead(c *Cassette) (*yaml.Node, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	version := appendField(root, "version", intNode(Version))
	if text := strings.TrimRight(c.Comment, "\n"); text != "" {
		comment, err := commentLines(text)
		if err != nil {
			return nil, err
		}
		version.HeadComment = comment
	}
	if c.Seed != nil {
		appendField(root, "seed", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(*c.Seed, 10)})
	}
	if !c.Redact.IsZero() {
		appendField(root, "redact", encodeRedaction(c.Redact))
	}
	return root, nil
}

// commentLines returns text as YAML comment lines: "# " before each line,
// a bare "#" for an empty line. Text does not end in a newline.
func commentLines(text string) (string, error) {
	if err := validComment(text); err != nil {
		return "", err
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if line == "" {
			lines[i] = "#"
		} else {
			lines[i] = "# " + line
		}
	}
	return strings.Join(lines, "\n"), nil
}

// validComment returns an error if text cannot be a YAML comment: it must
// be lines of UTF-8 text without control characters other than tabs.
func validComment(text string) error {
	if !utf8.ValidString(text) {
		return errors.New("comment is not valid UTF-8")
	}
	for _, r := range text {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff') {
			return fmt.Errorf("comment contains %U: a comment holds lines of text only", r)
		}
	}
	return nil
}

func encodeInteraction(in *Interaction) (*yaml.Node, error) {
	if in == nil {
		return nil, errors.New("nil *Interaction")
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	if !in.RecordedAt.IsZero() {
		t := in.RecordedAt.UTC()
		if y := t.Year(); y < 0 || y > 9999 {
			return nil, fmt.Errorf("recorded_at %v is outside the years 0 to 9999 that RFC 3339 can write", t)
		}
		// Tagged !!timestamp, yaml writes it unquoted.
		appendField(m, "recorded_at", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.Format(time.RFC3339Nano)})
	}
	if in.Duration < 0 {
		return nil, fmt.Errorf("duration %v is negative: a round trip takes 0s or more", in.Duration)
	}
	if c := in.Response.Code; c < 100 || c > 999 {
		return nil, fmt.Errorf("response code %d is not an HTTP status code: a status code has three digits, like 200", c)
	}
	if in.Duration != 0 {
		appendField(m, "duration", stringNode(in.Duration.String()))
	}
	appendField(m, "request", encodeRequest(&in.Request))
	appendField(m, "response", encodeResponse(&in.Response))
	return m, nil
}

func encodeRequest(r *Request) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	if r.Method != "" {
		appendField(m, "method", stringNode(r.Method))
	}
	if r.URL != "" {
		appendField(m, "url", stringNode(r.URL))
	}
	if len(r.Headers) > 0 {
		appendField(m, "headers", headerNode(r.Headers))
	}
	appendBody(m, r.Headers, r.Body)
	return m
}

func encodeResponse(r *Response) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	if r.Status != "" {
		appendField(m, "status", stringNode(r.Status))
	}
	appendField(m, "code", intNode(r.Code))
	if r.Proto != "" {
		appendField(m, "proto", stringNode(r.Proto))
	}
	if len(r.Headers) > 0 {
		appendField(m, "headers", headerNode(r.Headers))
	}
	if len(r.Trailers) > 0 {
		appendField(m, "trailers", headerNode(r.Trailers))
	}
	if r.BodyFile != "" {
		appendBodyFile(m, r)
	} else if !appendEvents(m, r.Headers, r.Body, r.EventTimes) {
		appendBody(m, r.Headers, r.Body)
		chunks := r.Chunks
		if chunks == nil {
			chunks = eventChunks(r.Body, r.EventTimes)
		}
		appendChunks(m, chunks, len(r.Body))
	}
	return m
}

// headerNode returns h as a mapping from each key, as written, in sorted
// order, to a flow-style list of its values.
func headerNode(h http.Header) *yaml.Node {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	m := &yaml.Node{Kind: yaml.MappingNode, Content: make([]*yaml.Node, 0, 2*len(keys))}
	for _, k := range keys {
		values := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: make([]*yaml.Node, 0, len(h[k]))}
		for _, v := range h[k] {
			values.Content = append(values.Content, stringNode(v))
		}
		m.Content = append(m.Content, stringNode(k), values)
	}
	return m
}

// appendField appends key: value to the mapping m and returns the key node.
func appendField(m *yaml.Node, key string, value *yaml.Node) *yaml.Node {
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	m.Content = append(m.Content, k, value)
	return k
}

// stringNode returns s as a string scalar that yaml quotes as needed. A
// string that is not valid UTF-8, which YAML cannot hold, is written as
// !!binary (base64).
func stringNode(s string) *yaml.Node {
	if !utf8.ValidString(s) {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!binary", Value: base64.StdEncoding.EncodeToString([]byte(s))}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func intNode(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}
