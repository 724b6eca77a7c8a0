// Package cassette reads and writes tapedeck cassettes: YAML files of
// recorded HTTP interactions that are committed with the tests that replay
// them and reviewed like code. It knows the file format and nothing about
// HTTP clients or tests.
//
//	c, err := cassette.Load(afero.NewOsFs(), "fixtures/github.yaml")
//	...
//	err = cassette.Save(afero.NewOsFs(), "fixtures/github.yaml", c)
//
// Marshal and Unmarshal convert between a [Cassette] and the bytes of a
// file. The rest of this comment is the specification of the format.
//
// # File
//
// A cassette is one YAML document, a mapping with these fields, in this
// order:
//
//	# tapedeck cassette; refresh with: go test -run '^TestGitHub$' -update ./pkg
//	version: 1
//	seed: 8167253529
//	interactions:
//	  - recorded_at: 2026-11-23T18:00:00Z
//	    duration: 84ms
//	    request:
//	      method: GET
//	      url: https://api.example.com/repos/1
//	      headers:
//	        Accept: [application/json]
//	    response:
//	      status: 200 OK
//	      code: 200
//	      proto: HTTP/1.1
//	      headers:
//	        Content-Type: [application/json]
//	      body_format: json
//	      body: |-
//	        {
//	          "id": 1
//	        }
//
// The comment lines above version are [Cassette.Comment], one "# " line per
// line of text ("#" alone for an empty line; final newlines are not kept).
//
// version is required and comes first in files tapedeck writes. See
// Versions below.
//
// seed is optional: the seed a test uses for the pseudo-random names and
// IDs it puts in its requests ([Cassette.Seed]), recorded the first time so
// that replay sends the same requests. It is a YAML integer (64-bit, signed),
// left out when the cassette has none.
//
// redact is optional: the redaction rules the cassette asks for on top of
// the recorder's default ([Cassette.Redact], see [Redaction]), written by
// tapedeck redact and tapedeck import. Replay applies them to live requests
// before matching, so a request still matches the recording they redacted,
// and a re-recording applies them to what it records. It is a mapping of
// flow-style lists, each key left out when its list is empty:
//
//	redact:
//	  headers: [X-Api-Key]
//	  query: [key]
//	  form: [password]
//	  json: ['$.session']
//	  patterns: ['acct-\d+']
//
// interactions is the list of recorded interactions, in recorded order.
// Each has:
//
//   - recorded_at: when the response was received, an RFC 3339 time in UTC
//     (fractional seconds only when there are some).
//   - duration: how long the round trip took, as Go's time.Duration writes
//     it (84ms, 1.5s, 1h2m0s).
//   - request: method, url, headers, then the body fields.
//   - response: status (the status line text, "200 OK"), code (the status
//     code, always written), proto ("HTTP/1.1"), headers, trailers, then
//     the body fields.
//
// A field whose value is empty or zero is left out, except code; request,
// response and code are required when loading. code is an HTTP status code,
// 100 to 999, and duration is not negative: Marshal refuses other values
// and loading reports them. Unknown fields and fields given twice are an
// error, so that a typo is not silently ignored.
//
// # Strings and headers
//
// Strings are YAML strings, quoted only when YAML needs it. A string that
// is not valid UTF-8, which YAML cannot hold, is written as !!binary
// followed by its bytes in base64.
//
// headers and trailers map each header name, exactly as recorded (not
// canonicalized), to a flow-style list of its values. Names are sorted so
// that a re-recorded cassette changes only where the API changed:
//
//	headers:
//	  Accept: [application/json]
//	  Vary: [Accept, Accept-Encoding]
//
// # Bodies
//
// In memory a body is always the exact bytes that went over the wire. In
// the file it is stored for review, in a form that gives back exactly those
// bytes:
//
//   - Text, when the body is valid UTF-8 without control characters other
//     than newline, carriage return and tab: body holds the text, as a
//     literal block (|) when it has several lines. There is no
//     body_format. yaml writes a double-quoted string instead of a block
//     when a block cannot hold the text exactly: trailing spaces on a line,
//     carriage returns, characters outside the Basic Multilingual Plane
//     (such as emoji), a tab at the very start.
//   - body_format: json, when the body is a compact JSON object or array
//     (no white space outside strings, as most APIs send it) that is also
//     text, of at most 256 KiB: body holds it indented by two spaces, and
//     loading compacts it back. JSON with white space of its own is text,
//     stored as sent. So is compact JSON larger than 256 KiB, on one line
//     (a literal block when YAML allows one): nobody reviews ten thousand
//     lines of JSON, a re-recorded one differs on most lines anyway,
//     and indenting it on save and compacting it again on load took a
//     quarter of the time of loading such a cassette. (Cassettes saved
//     before this rule keep loading; their next save writes such bodies
//     compact.)
//   - body_format: base64, for anything else: body holds the bytes in
//     standard base64, in lines of 76 characters.
//
// A compressed body, one whose message has a single Content-Encoding
// header with the single value gzip, deflate (the zlib format, RFC 1950)
// or br (brotli), is stored decoded, by the rules above, when tapedeck can
// compress it again into the exact bytes that were sent:
//
//	headers:
//	  Content-Encoding: [gzip]
//	body_encoding: gzip
//	compression_level: 9
//	body: |
//	  the decoded text
//
// body_encoding names the encoding, which must be the one the message's
// Content-Encoding header names (loading refuses a body_encoding without
// it), and compression_level the level of Go's
// encoder that reproduces the bytes (compress/gzip and compress/zlib levels
// 0 to 9; github.com/andybalholm/brotli levels 0 to 11), left out for the
// default level. Saving tries the default level first, then the others;
// for a body larger than 1 MiB decoded, only the default. Brotli levels 10
// and 11, which take seconds on a MiB, are tried up to 256 KiB, and no
// brotli level is tried for a stream whose window is not the 22 bits Go's
// writer uses. When no level
// reproduces the bytes (servers other than Go's write different gzip
// headers or use other encoders), when the body does not decode, or when it
// would decode to more than 64 MiB, the body is kept as sent, by the rules
// above (compressed bytes are base64), under a comment that says why:
//
//	body_format: base64
//	# gzip body kept as sent: tapedeck cannot reproduce the server's compression byte for byte
//	body: |
//	  H4sICAAAAAAA/2V4cG9ydC5jc3YAykzRyUvMTeUy1ClJLEhNSU3O5gIEAAD//wHjCO0TAAAA
//
// # Server-sent events
//
// A response body of server-sent events (Content-Type text/event-stream,
// no Content-Encoding) is stored as its list of events, one item each, so
// that a re-recorded stream diffs event by event:
//
//	headers:
//	  Content-Type: [text/event-stream]
//	body_format: sse
//	events:
//	  - at: 120ms
//	    text: |
//	      event: message
//	      data: {"token":"Hel"}
//	  - at: 2s
//	    text: |
//	      data: [DONE]
//
// text is the event's lines, each ending in a newline; the blank line that
// ends every event is not written, and loading adds it back. at, when the
// event's last byte had arrived counted from when the request was sent, is
// what replay under latency waits for ([Response.EventTimes]); every event
// has it or none does, and the times do not go back. A blank line after
// another is an event of its own, with empty text ("").
// The body is stored this way only when it gives back exactly the bytes
// sent: lines that end in \n (not \r\n or \r), text, and a last event
// that is complete. Any other event stream is stored by the rules above,
// with its events and their times as chunks (see Chunks).
//
// # Chunks
//
// A response body of another kind that arrived in pieces while recording
// (Transfer-Encoding: chunked, or a body of unknown length, read more than
// a millisecond apart) has chunks after its body fields: each piece's size
// in bytes (of the body as sent) and at, when its last byte had arrived,
// counted from when the request was sent ([Response.Chunks]):
//
//	body: ...
//	chunks:
//	  - {size: 512, at: 12ms}
//	  - {size: 512, at: 40ms}
//
// Replay hands the body over one chunk per read, and under latency each at
// its time. Sizes are positive and add up to the body, and the times do
// not go back; chunks that do not are not saved (a body redacted to
// another length replays in one piece), and loading refuses them. Bytes
// that came within the same millisecond are one chunk, and a body of more
// than 10,000 chunks is recorded without them.
//
// # Body files
//
// A response body too large to review in the file (a recorder's
// WithBodyFiles threshold, 1 MiB by default) is kept beside the cassette
// instead, in its body directory ([BodyDir]: fixtures/video.yaml keeps
// them in fixtures/video.bodies/), as one file per body, exactly as it
// came over the wire (still compressed when it was). The file is named
// by the SHA-256 of those bytes, so equal bodies share one file, and the
// response says which and how long instead of holding body fields:
//
//	response:
//	  status: 200 OK
//	  code: 200
//	  headers:
//	    Content-Type: [video/mp4]
//	  body_file: 62950baa55fd713fd384046adec7d767202822fc2bed17bc9225247bc0a4d713
//	  body_size: 1073741824
//
// body_file and body_size come together, and with none of the body fields,
// events or chunks. Loading a cassette does not read its body files;
// [OpenBody] reads one when it is replayed, and fails at its end when the
// file is not the length or does not hash to the name the cassette gives.
// Commit the body directory with the cassette. [Save] removes the body
// files the saved cassette no longer names ([PruneBodies]).
//
// # Versions
//
// version is the format version, currently 1 ([Version]). Loading a
// cassette without a version is an error. A version newer than this package
// knows is an error that wraps [ErrNewerVersion] and names the upgrade
// command; an older version would be migrated on load, and written back at
// the current version by the next save. There is no older version yet.
//
// # Errors
//
// A cassette that cannot be read is a [*FormatError] that names the file
// and line of the offending YAML node ("fixtures/github.yaml:14: code: want
// an integer like 200, got "abc""). Unmarshal never panics. Each loaded
// [Interaction] has the Line where it starts, so that callers can point at
// it.
//
// A cassette is UTF-8 text without control characters other than tab,
// newline and carriage return (what YAML allows): a byte that is not is an
// error naming its line and column. YAML aliases (*name) and merge keys are
// refused, so that an alias bomb costs nothing, and nesting deeper than
// 10,000 levels is an error.
//
// # Loading
//
// Unmarshal reads the form Marshal writes with a scanner of its own, line
// by line, without building a tree of YAML nodes: a 10,000-interaction
// cassette loads in under a fifth of the time go-vcr v4 takes and in less
// than encoding/json takes to decode the same data, and allocates 2.6 times
// the size of the file (internal/loadbench measures it). A file in another valid YAML form (edited by
// hand, say) is read by the general YAML parser instead, to the same
// result; that parser needs several times the size of a long line, so such
// a file may not have lines over 32 MiB. So is, for now, a file with a body
// stored as events (body_format: sse) or with chunks.
//
// # Saving
//
// Marshal is deterministic: the same Cassette always gives the same bytes,
// and loading a file that tapedeck wrote and marshaling it again gives back
// the same bytes. Save writes
// to a temporary file in the cassette's directory and renames it over the
// cassette, so that a failed or interrupted save leaves the old cassette
// intact; it creates missing directories and keeps the permissions of the
// file it replaces.
package cassette
