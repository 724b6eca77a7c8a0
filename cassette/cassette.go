package cassette

import (
	"net/http"
	"time"
)

// Version is the newest cassette format version this package reads and the
// one it writes.
const Version = 1

// A Cassette is the in-memory form of one cassette file: the recorded
// interactions, in the order they were recorded.
type Cassette struct {
	// Version is the format version the cassette was read in. Save always
	// writes Version (the current one), migrating older cassettes.
	Version int
	// Comment is written as a YAML comment at the top of the file, one
	// "# " line per line of text (for example the command that refreshes it).
	Comment string
	// Seed is the seed for the pseudo-random values a test puts in its
	// requests (recorder.Recorder.Seed records it the first time and replays
	// it after), nil when the cassette has none.
	Seed *int64
	// Redact is the redaction the cassette asks for on top of the
	// default (see Redaction), nil when it asks for none.
	Redact *Redaction
	// Interactions in recorded order.
	Interactions []*Interaction
}

// An Interaction is one request and the response it got.
type Interaction struct {
	// RecordedAt is when the response was received (UTC, whole seconds).
	RecordedAt time.Time
	// Duration is how long the round trip took.
	Duration time.Duration
	Request  Request
	Response Response
	// Line is the line of the file where this interaction starts, when it
	// was loaded from a file; 0 otherwise. It is not written.
	Line int
}

// A Request is the recorded form of an outgoing HTTP request.
type Request struct {
	Method  string
	URL     string
	Headers http.Header
	// Body is the request body exactly as sent (nil when there was none).
	Body []byte
}

// A Response is the recorded form of an HTTP response.
type Response struct {
	// Status is the status line text, e.g. "200 OK".
	Status string
	// Code is the numeric status code, e.g. 200.
	Code int
	// Proto is the protocol, e.g. "HTTP/1.1".
	Proto    string
	Headers  http.Header
	Trailers http.Header
	// Body is the body exactly as it came over the wire: when the
	// Content-Encoding header says gzip, deflate or br, Body holds the
	// compressed bytes. (The file stores such bodies decoded, for review,
	// whenever it can restore these exact bytes on load.)
	Body []byte
	// EventTimes holds, for a text/event-stream body, when each of its
	// events (as SplitEvents splits Body) had arrived, counted from when
	// the request was sent; nil when they were not recorded. Replay under
	// latency hands each event over at its time. Times that do not match
	// the events one for one are not saved.
	EventTimes []time.Duration
	// Chunks holds, for a body of another kind that arrived in pieces
	// (Transfer-Encoding: chunked, or of unknown length), the pieces and
	// when each arrived; nil when it was not recorded. Replay hands the
	// body over piece by piece, each at its time under latency. Chunks
	// whose sizes do not add up to the body are not saved.
	Chunks []Chunk
	// BodyFile is set for a body kept beside the cassette rather than in
	// it: the name of its body file (see BodyDir), the SHA-256 of the body
	// in lowercase hex. Body, EventTimes and Chunks are then nil, BodySize
	// holds the length, and OpenBody reads it. A recorder stores a response
	// body this way when it is larger than its WithBodyFiles threshold.
	BodyFile string
	// BodySize is the length of the body in BodyFile.
	BodySize int64
}
