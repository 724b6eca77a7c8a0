package cassette

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// formatSSE is the body_format of a text/event-stream body stored as its
// list of events.
const formatSSE = "sse"

// The fields of a body stored with body_format: sse: events is the list,
// and each item has at (when the event arrived, optional) and text.
const (
	fieldEvents    = "events"
	fieldEventAt   = "at"
	fieldEventText = "text"
)

// eventFields are the fields of one item of events.
var eventFields = []string{fieldEventAt, fieldEventText}

// IsEventStream reports whether h says the body is a stream of server-sent
// events: its Content-Type is text/event-stream, parameters aside.
func IsEventStream(h http.Header) bool {
	// The media type is what comes before any parameters, in any case
	// (what mime.ParseMediaType gives, without parsing the parameters).
	mt, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	return strings.EqualFold(strings.TrimSpace(mt), "text/event-stream")
}

// SplitEvents returns the events of a text/event-stream body, each the
// exact bytes of the event together with the blank line that ends it (any
// of the line ends \n, \r\n and \r of the SSE specification). A blank line
// that follows another is an event of its own, and bytes after the last
// blank line (a stream cut short) are the last item. The items are slices
// of b, and joined they are b.
func SplitEvents(b []byte) [][]byte {
	events, _ := splitEvents(b)
	return events
}

// splitEvents is SplitEvents, also reporting whether the last item ends
// with a blank line.
func splitEvents(b []byte) (events [][]byte, complete bool) {
	start, line := 0, 0
	for i := 0; i < len(b); {
		j := bytes.IndexAny(b[i:], "\r\n")
		if j < 0 {
			break
		}
		i += j
		end := i + 1
		if b[i] == '\r' && end < len(b) && b[end] == '\n' {
			end++
		}
		if i == line {
			events = append(events, b[start:end])
			start = end
		}
		i, line = end, end
	}
	if start < len(b) {
		return append(events, b[start:]), false
	}
	return events, true
}

// appendEvents stores wire, the body of a response with headers h, as its
// list of events with when each arrived (times, as Response.EventTimes),
// when that form gives back exactly wire: the body is a text/event-stream
// without Content-Encoding, text whose lines all end in \n, and its last
// event is complete. It reports whether it did.
func appendEvents(m *yaml.Node, h http.Header, wire []byte, times []time.Duration) bool {
	if len(wire) == 0 || !IsEventStream(h) || len(contentCodings(h)) > 0 || bytes.IndexByte(wire, '\r') >= 0 || !IsText(wire) {
		return false
	}
	events, complete := splitEvents(wire)
	if !complete {
		return false
	}
	if len(times) != len(events) {
		times = nil // they are not the times of these events
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Content: make([]*yaml.Node, 0, len(events))}
	for i, e := range events {
		item := &yaml.Node{Kind: yaml.MappingNode}
		if times != nil {
			appendField(item, fieldEventAt, stringNode(times[i].String()))
		}
		// Every event ends in the \n of its blank line, which is not
		// stored: the text is the event's lines.
		appendField(item, fieldEventText, textNode(string(e[:len(e)-1])))
		list.Content = append(list.Content, item)
	}
	appendField(m, "body_format", stringNode(formatSSE))
	appendField(m, fieldEvents, list)
	return true
}

// isSSE reports whether the body fields of f are those of body_format: sse
// (or have events, which need it).
func isSSE(f *fields) bool {
	if f.value(fieldEvents) != nil {
		return true
	}
	n := f.value("body_format")
	return n != nil && n.Kind == yaml.ScalarNode && n.Value == formatSSE
}

// decodeEvents returns the body and event times stored in the body fields
// of f, which are those of body_format: sse.
func decodeEvents(f *fields) ([]byte, []time.Duration, error) {
	format := f.value("body_format")
	list := f.value(fieldEvents)
	if format == nil || format.Kind != yaml.ScalarNode || format.Value != formatSSE {
		return nil, nil, errorf(list.Line, "events without body_format: sse: add body_format: sse, "+
			"or store the body in body")
	}
	for _, name := range bodyFields {
		if name == "body_format" {
			continue
		}
		if n := f.value(name); n != nil {
			return nil, nil, errorf(n.Line, "%s with body_format: sse: the events hold the body, remove %s", name, name)
		}
	}
	if list == nil {
		return nil, nil, errorf(format.Line, "body_format: sse without events: add the list of events, "+
			"or remove body_format: sse")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, nil, errorf(list.Line, "events: want a list of events (\"- text: ...\"), got %s", describe(list))
	}
	var body []byte
	var times []time.Duration
	timed := false
	for i, item := range list.Content {
		ef, err := readFields(item, "event", eventFields)
		if err != nil {
			return nil, nil, err
		}
		text := ef.value(fieldEventText)
		if text == nil {
			return nil, nil, errorf(item.Line, "the event has no text: add text with its lines, "+
				"or remove the event")
		}
		s, err := stringValue(text, fieldEventText)
		if err != nil {
			return nil, nil, err
		}
		if s != "" && (!strings.HasSuffix(s, "\n") || strings.HasPrefix(s, "\n") ||
			strings.Contains(s, "\n\n") || strings.Contains(s, "\r")) {
			return nil, nil, errorf(text.Line, "the text of an event is its lines, each ending in a newline "+
				"and none blank (a blank line ends an event): write it as a literal block (text: |), "+
				"one event per item")
		}
		body = append(append(body, s...), '\n')
		at := ef.value(fieldEventAt)
		if i == 0 {
			timed = at != nil
		} else if (at != nil) != timed {
			return nil, nil, errorf(item.Line, "only some events have at: give every event its at, or none")
		}
		if at == nil {
			continue
		}
		as, err := stringValue(at, fieldEventAt)
		if err != nil {
			return nil, nil, err
		}
		d, err := time.ParseDuration(as)
		if err != nil || d < 0 {
			return nil, nil, errorf(at.Line, "at %q is not a duration like 120ms (when the event arrived, "+
				"from the start of the request)", as)
		}
		if len(times) > 0 && d < times[len(times)-1] {
			return nil, nil, errorf(at.Line, "at %s is before the at of the event above (%s): "+
				"events are listed in the order they arrived", d, times[len(times)-1])
		}
		times = append(times, d)
	}
	return body, times, nil
}

// eventChunks returns the events of body, when times are theirs, as the
// chunks that keep when each arrived in a file that cannot store the body
// as events (see appendEvents); nil otherwise.
func eventChunks(body []byte, times []time.Duration) []Chunk {
	if len(times) == 0 {
		return nil
	}
	events := SplitEvents(body)
	if len(events) != len(times) {
		return nil
	}
	chunks := make([]Chunk, len(events))
	for i, e := range events {
		chunks[i] = Chunk{Size: len(e), At: times[i]}
	}
	return chunks
}
