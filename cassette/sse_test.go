package cassette

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
	is "gotest.tools/v3/assert/cmp"
)

func TestSplitEvents(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"none", "", nil},
		{"one", "data: a\n\n", []string{"data: a\n\n"}},
		{"two", "event: x\ndata: a\n\ndata: b\n\n", []string{"event: x\ndata: a\n\n", "data: b\n\n"}},
		{"crlf", "data: a\r\n\r\ndata: b\r\n\r\n", []string{"data: a\r\n\r\n", "data: b\r\n\r\n"}},
		{"cr", "data: a\r\rdata: b\r\r", []string{"data: a\r\r", "data: b\r\r"}},
		{"extra blank line", "data: a\n\n\ndata: b\n\n", []string{"data: a\n\n", "\n", "data: b\n\n"}},
		{"cut short", "data: a\n\ndata: b", []string{"data: a\n\n", "data: b"}},
		{"cut after a line", "data: a\n\ndata: b\n", []string{"data: a\n\n", "data: b\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range SplitEvents([]byte(tc.in)) {
				got = append(got, string(e))
			}
			assert.DeepEqual(t, got, tc.want)
			assert.Equal(t, strings.Join(got, ""), tc.in)
		})
	}
}

func TestIsEventStream(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/event-stream":                true,
		"text/event-stream; charset=utf-8": true,
		"Text/Event-Stream":                true,
		"application/json":                 false,
		"":                                 false,
		"text/event-stream;;":              true,
	} {
		h := http.Header{}
		if ct != "" {
			h.Set("Content-Type", ct)
		}
		assert.Equal(t, IsEventStream(h), want, ct)
	}
}

// sseCassette returns a cassette of one interaction whose response is the
// event stream body with headers h and event times.
func sseCassette(h http.Header, body string, times []time.Duration) *Cassette {
	return &Cassette{Interactions: []*Interaction{{
		RecordedAt: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC),
		Duration:   time.Second,
		Request:    Request{Method: "POST", URL: "https://api.example.com/v1/chat"},
		Response:   Response{Status: "200 OK", Code: 200, Headers: h, Body: []byte(body), EventTimes: times},
	}}}
}

func TestEventStreamBodies(t *testing.T) {
	sse := http.Header{"Content-Type": {"text/event-stream"}}
	ms := func(ns ...int) []time.Duration {
		var d []time.Duration
		for _, n := range ns {
			d = append(d, time.Duration(n)*time.Millisecond)
		}
		return d
	}
	for _, tc := range []struct {
		name   string
		h      http.Header
		body   string
		times  []time.Duration
		stored bool // as body_format: sse
	}{
		{"timed", sse, "event: message\ndata: {\"t\":\"Hel\"}\n\nevent: message\ndata: {\"t\":\"lo\"}\n\ndata: [DONE]\n\n", ms(12, 40, 41), true},
		{"untimed", sse, "data: a\n\ndata: b\n\n", nil, true},
		{"id and retry", sse, "id: 1\nretry: 1000\n: a comment\ndata: a\n\n", ms(0), true},
		{"extra blank lines", sse, "data: a\n\n\n\ndata: b\n\n", ms(1, 2, 3, 4), true},
		{"starts with a blank line", sse, "\ndata: a\n\n", ms(1, 2), true},
		{"trailing spaces", sse, "data: a  \n\n", ms(5), true},
		{"tab first", sse, "\tdata: a\n\n", ms(5), true},
		{"emoji", sse, "data: 🎉\n\n", ms(5), true},
		{"times that do not match", sse, "data: a\n\ndata: b\n\n", ms(1), true},
		{"crlf", sse, "data: a\r\n\r\n", ms(5), false},
		{"cut short", sse, "data: a\n\ndata: b", ms(1, 2), false},
		{"binary", sse, "data: \x00\n\n", ms(1), false},
		{"gzip", http.Header{"Content-Type": {"text/event-stream"}, "Content-Encoding": {"gzip"}}, "data: a\n\n", ms(1), false},
		{"not an event stream", http.Header{"Content-Type": {"text/plain"}}, "data: a\n\n", ms(1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := sseCassette(tc.h, tc.body, tc.times)
			data, err := Marshal(c)
			assert.NilError(t, err)
			back, err := Unmarshal(data)
			assert.NilError(t, err, "%s", data)
			got := back.Interactions[0].Response
			assert.Equal(t, string(got.Body), tc.body, "%s", data)
			assert.Equal(t, strings.Contains(string(data), "body_format: sse\n"), tc.stored, "%s", data)
			matching := len(tc.times) == len(SplitEvents([]byte(tc.body)))
			switch {
			case tc.stored && matching:
				assert.DeepEqual(t, got.EventTimes, tc.times)
			case matching:
				// Kept as the chunks of the body, event by event.
				assert.Assert(t, is.Nil(got.EventTimes), "%s", data)
				assert.DeepEqual(t, got.Chunks, eventChunks([]byte(tc.body), tc.times))
			default:
				assert.Assert(t, is.Nil(got.EventTimes), "%s", data)
				assert.Assert(t, is.Nil(got.Chunks), "%s", data)
			}
			again, err := Marshal(back)
			assert.NilError(t, err)
			assert.Equal(t, string(again), string(data))
		})
	}
}

func TestEventStreamFile(t *testing.T) {
	c := sseCassette(http.Header{"Content-Type": {"text/event-stream"}},
		"event: message\ndata: {\"t\":\"Hel\"}\n\ndata: [DONE]\n\n", []time.Duration{120 * time.Millisecond, 2 * time.Second})
	data, err := Marshal(c)
	assert.NilError(t, err)
	want := `      body_format: sse
      events:
        - at: 120ms
          text: |
            event: message
            data: {"t":"Hel"}
        - at: 2s
          text: |
            data: [DONE]
`
	assert.Assert(t, bytes.HasSuffix(data, []byte(want)), "%s", data)
	roundTrip(t, c)
}

func TestEventStreamErrors(t *testing.T) {
	head := "version: 1\ninteractions:\n  - request:\n      method: GET\n    response:\n      code: 200\n"
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"events without body_format", "      events:\n        - text: |\n            data: a\n",
			"line 8: events without body_format: sse: add body_format: sse, or store the body in body"},
		{"body_format without events", "      body_format: sse\n",
			"line 7: body_format: sse without events: add the list of events, or remove body_format: sse"},
		{"events and body", "      body_format: sse\n      body: x\n      events: []\n",
			"line 8: body with body_format: sse: the events hold the body, remove body"},
		{"events not a list", "      body_format: sse\n      events: x\n",
			`line 8: events: want a list of events ("- text: ..."), got "x"`},
		{"event without text", "      body_format: sse\n      events:\n        - at: 1s\n",
			"line 9: the event has no text: add text with its lines, or remove the event"},
		{"unknown event field", "      body_format: sse\n      events:\n        - txt: a\n",
			`line 9: unknown field "txt" in event: the fields are at, text`},
		{"text with a blank line", "      body_format: sse\n      events:\n        - text: \"data: a\\n\\ndata: b\\n\"\n",
			"line 9: the text of an event is its lines, each ending in a newline and none blank (a blank line ends an event): write it as a literal block (text: |), one event per item"},
		{"text without a newline", "      body_format: sse\n      events:\n        - text: \"data: a\"\n",
			"line 9: the text of an event is its lines, each ending in a newline and none blank (a blank line ends an event): write it as a literal block (text: |), one event per item"},
		{"bad at", "      body_format: sse\n      events:\n        - at: soon\n          text: \"\"\n",
			`line 9: at "soon" is not a duration like 120ms (when the event arrived, from the start of the request)`},
		{"negative at", "      body_format: sse\n      events:\n        - at: -1s\n          text: \"\"\n",
			`line 9: at "-1s" is not a duration like 120ms (when the event arrived, from the start of the request)`},
		{"at going back", "      body_format: sse\n      events:\n        - at: 2s\n          text: \"\"\n        - at: 1s\n          text: \"\"\n",
			"line 11: at 1s is before the at of the event above (2s): events are listed in the order they arrived"},
		{"some at", "      body_format: sse\n      events:\n        - at: 2s\n          text: \"\"\n        - text: \"\"\n",
			"line 11: only some events have at: give every event its at, or none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal([]byte(head + tc.in))
			assert.Error(t, err, tc.want)
		})
	}
}

func TestEventStreamInRequest(t *testing.T) {
	in := "version: 1\ninteractions:\n  - request:\n      method: GET\n      body_format: sse\n      body: x\n    response:\n      code: 200\n"
	_, err := Unmarshal([]byte(in))
	assert.ErrorContains(t, err, "line 5: body_format: sse without events: a response stores")
}
