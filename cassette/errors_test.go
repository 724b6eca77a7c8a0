package cassette

import (
	"errors"
	"strings"
	"testing"

	"gotest.tools/v3/assert"
)

// interaction is a valid cassette of one interaction, to break in tests.
const interaction = `version: 1
interactions:
  - recorded_at: 2026-11-23T18:00:00Z
    duration: 84ms
    request:
      method: GET
      url: https://api.example.com/
    response:
      code: 200
      body: ok
`

// replace returns interaction with old replaced by new, checking that old
// is there.
func replace(t *testing.T, old, new string) string {
	t.Helper()
	assert.Assert(t, strings.Contains(interaction, old), "%q not in the test cassette", old)
	return strings.Replace(interaction, old, new, 1)
}

func TestUnmarshalErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", `line 1: the file is empty: a cassette starts with "version: 1"`},
		{"only a comment", "# nothing here\n", `line 1: the file is empty: a cassette starts with "version: 1"`},
		{"no version", "interactions: []\n", `line 1: the cassette has no version: add "version: 1" at the top`},
		{"version 0", "version: 0\n", `line 1: version 0 is not a cassette version: versions start at 1, write "version: 1"`},
		{"version not a number", "# c\nversion: one\n", `line 2: version: want an integer like 1, got "one"`},
		{"newer version", "# c\nversion: 3\n", "line 2: cassette version 3 is newer than this tapedeck (reads up to 1): upgrade with go get github.com/tapedeck/recorder@latest"},
		{"newer version with new fields", "future: yes\nversion: 2\n", "line 2: cassette version 2 is newer than this tapedeck (reads up to 1): upgrade with go get github.com/tapedeck/recorder@latest"},
		{"malformed YAML", "version: 1\ninteractions: [\n", "line 2: invalid YAML: did not find expected node content at the end of the file"},
		{"unclosed [", "version: 1\n\n\ninteractions: [\n  {a: 1},\n  {b: 2}\n", "line 4: invalid YAML: the [ on this line is not closed: add the missing ] (or a missing comma)"},
		{"unclosed {", "version: 1\ninteractions:\n  - {request: {},\n     response: {code: 200}\n", "line 3: invalid YAML: the { on this line is not closed: add the missing } (or a missing comma)"},
		{"unclosed [ on line 1", "version: [1\n", "line 1: invalid YAML: the [ on this line is not closed: add the missing ] (or a missing comma)"},
		{"missing key on line 1", "version: 1\n  seed: 2\n", "line 2: invalid YAML: mapping values are not allowed in this context"},
		{"invalid UTF-8", "version: 1\ninteractions:\n  - request: {method: \"G\xffET\"}\n", "line 3: column 25: byte 0xff is not valid UTF-8: a cassette is UTF-8 text; store bytes that are not with body_format: base64 or !!binary"},
		{"NUL byte", "version: 1\ninteractions:\n  - request: {method: \"G\x00\"}\n", `line 3: column 25: the control character U+0000 cannot appear in a YAML file: write it as an escape in a double-quoted string ("\x00"), or store the body with body_format: base64`},
		{"C1 control character", "version: 1\nseed: \u0090\n", `line 2: column 7: the control character U+0090 cannot appear in a YAML file: write it as an escape in a double-quoted string ("\u0090"), or store the body with body_format: base64`},
		{"UTF-16", "\xff\xfev\x00", "line 1: column 1: byte 0xff is not valid UTF-8: a cassette is UTF-8 text; store bytes that are not with body_format: base64 or !!binary"},
		{"tab indentation", "version: 1\ninteractions:\n\t- request: {}\n", "line 3: invalid YAML: found character that cannot start any token"},
		{"unknown anchor", "version: *v\n", "line 1: invalid YAML: unknown anchor 'v' referenced"},
		{"unknown anchor later", "version: 1\nseed: 2 # *v\ninteractions: [*vv, *v]\n", "line 3: invalid YAML: unknown anchor 'vv' referenced"},
		{"alias", "version: 1\ninteractions:\n  - &a {request: {}, response: {code: 200}}\n  - *a\n", "line 4: alias *a: cassettes do not use YAML aliases, write the value out in full"},
		{"two documents", "version: 1\n---\nversion: 1\n", `line 2: a second YAML document starts here: a cassette is one document, remove this "---" line and what follows`},
		{"not a mapping", "- version: 1\n", `line 1: a cassette is a mapping that starts with "version: 1", not a list`},
		{"unknown top-level field", "version: 1\ninteraction: []\n", `line 2: unknown field "interaction" in the cassette: the fields are version, seed, redact, interactions`},
		{"seed not a number", "version: 1\nseed: abc\n", `line 2: seed: want an integer like 8167253529, got "abc"`},
		{"seed quoted", "version: 1\nseed: \"42\"\n", `line 2: seed: want an integer like 8167253529, got "42"`},
		{"seed too big", "version: 1\nseed: 9223372036854775808\n", `line 2: seed: want an integer like 8167253529, got "9223372036854775808"`},
		{"seed a list", "version: 1\nseed: [1]\n", `line 2: seed: want an integer like 8167253529, got a list`},
		{"interactions not a list", "version: 1\ninteractions: {}\n", `line 2: interactions: want a list of interactions ("- request: ..."), got a mapping`},
		{"interaction not a mapping", "version: 1\ninteractions:\n  - GET /\n", `line 3: interaction: want a mapping of fields (recorded_at, duration, request, response), got "GET /"`},
		{"unknown interaction field", replace(t, "    duration: 84ms\n", "    took: 84ms\n"), `line 4: unknown field "took" in interaction: the fields are recorded_at, duration, request, response`},
		{"repeated field", replace(t, "      code: 200\n", "      code: 200\n      code: 201\n"), `line 10: field "code" appears twice in response`},
		{"bad recorded_at", replace(t, "2026-11-23T18:00:00Z", "yesterday"), `line 3: recorded_at "yesterday" is not an RFC 3339 time like 2026-11-23T18:00:00Z`},
		{"recorded_at without zone", replace(t, "2026-11-23T18:00:00Z", "2026-11-23 18:00:00"), `line 3: recorded_at "2026-11-23 18:00:00" is not an RFC 3339 time like 2026-11-23T18:00:00Z`},
		{"bad duration", replace(t, "84ms", "84 ms"), `line 4: duration "84 ms" is not a duration like 84ms or 1.5s`},
		{"no request", replace(t, "    request:\n      method: GET\n      url: https://api.example.com/\n", ""), "line 3: the interaction has no request: add one with at least method and url"},
		{"no response", replace(t, "    response:\n      code: 200\n      body: ok\n", ""), "line 3: the interaction has no response: add one with at least code"},
		{"request not a mapping", replace(t, "    request:\n      method: GET\n      url: https://api.example.com/\n", "    request: GET /\n"), `line 5: request: want a mapping of fields (method, url, headers, body_encoding, compression_level, body_format, body, aws_trailer, aws_chunk_size), got "GET /"`},
		{"method a list", replace(t, "method: GET", "method: [GET]"), "line 6: method: want a string, got a list"},
		{"no code", replace(t, "      code: 200\n", ""), `line 9: the response has no code: add the status code, e.g. "code: 200"`},
		{"code not a number", replace(t, "code: 200", "code: abc"), `line 9: code: want an integer like 200, got "abc"`},
		{"code quoted", replace(t, "code: 200", `code: "200"`), `line 9: code: want an integer like 200, got "200"`},
		{"code 0", replace(t, "code: 200", "code: 0"), "line 9: code 0 is not an HTTP status code: a status code has three digits, like 200"},
		{"code 99", replace(t, "code: 200", "code: 99"), "line 9: code 99 is not an HTTP status code: a status code has three digits, like 200"},
		{"code 1000", replace(t, "code: 200", "code: 1000"), "line 9: code 1000 is not an HTTP status code: a status code has three digits, like 200"},
		{"code negative", replace(t, "code: 200", "code: -200"), "line 9: code -200 is not an HTTP status code: a status code has three digits, like 200"},
		{"negative duration", replace(t, "84ms", "-84ms"), "line 4: duration -84ms is negative: a round trip takes 0s or more"},
		{"body_encoding without Content-Encoding", replace(t, "      body: ok\n", "      body_encoding: gzip\n      body: ok\n"), "line 10: body_encoding gzip without the header Content-Encoding: [gzip]: add that header to headers, or remove body_encoding and compression_level to replay the body uncompressed"},
		{"body_encoding other than Content-Encoding", replace(t, "      body: ok\n", "      headers:\n        Content-Encoding: [br]\n      body_encoding: gzip\n      body: ok\n"), "line 12: body_encoding gzip without the header Content-Encoding: [gzip]: add that header to headers, or remove body_encoding and compression_level to replay the body uncompressed"},
		{"body_encoding with two Content-Encodings", replace(t, "      body: ok\n", "      headers:\n        Content-Encoding: [gzip, gzip]\n      body_encoding: gzip\n      body: ok\n"), "line 12: body_encoding gzip without the header Content-Encoding: [gzip]: add that header to headers, or remove body_encoding and compression_level to replay the body uncompressed"},
		{"code too big", replace(t, "code: 200", "code: 99999999999999999999"), `line 9: code: want an integer like 200, got "99999999999999999999"`},
		{"unknown response field", replace(t, "      body: ok\n", "      bdy: ok\n"), `line 10: unknown field "bdy" in response: the fields are status, code, proto, headers, trailers, body_encoding, compression_level, body_format, body, aws_trailer, aws_chunk_size, events, chunks, body_file, body_size`},
		{"headers a list", replace(t, "      code: 200\n", "      code: 200\n      headers: [a]\n"), `line 10: headers: want a mapping of names to lists of values, like "Accept: [application/json]", got a list`},
		{"header value not a list", replace(t, "      code: 200\n", "      code: 200\n      headers:\n        Accept: text/plain\n"), `line 11: headers: "Accept": want a list of values like [value], got "text/plain"`},
		{"header value a mapping", replace(t, "      code: 200\n", "      code: 200\n      trailers:\n        X: [{a: b}]\n"), `line 11: trailers: "X": want a string, got a mapping`},
		{"header twice", replace(t, "      code: 200\n", "      code: 200\n      headers:\n        Accept: [a]\n        Accept: [b]\n"), `line 12: headers: "Accept" appears twice: put all its values in one list`},
		{"bad !!binary", replace(t, "method: GET", "method: !!binary '%%%'"), "line 6: method: the !!binary value is not valid base64: illegal base64 data at input byte 0"},
		{"unknown body_format", replace(t, "      body: ok\n", "      body_format: xml\n      body: ok\n"), `line 10: body_format "xml" is not a body format: use json or base64, or leave body_format out for text`},
		{"body_format text", replace(t, "      body: ok\n", "      body_format: text\n      body: ok\n"), `line 10: body_format "text" is not a body format: use json or base64, or leave body_format out for text`},
		{"bad base64", replace(t, "      body: ok\n", "      body_format: base64\n      body: |\n        AAA*\n"), "line 11: body is not valid base64 (body_format: base64): illegal base64 data at input byte 3"},
		{"base64 with extra bits", replace(t, "      body: ok\n", "      body_format: base64\n      body: AB==\n"), "line 11: body is not valid base64 (body_format: base64): illegal base64 data at input byte 2"},
		{"bad JSON", replace(t, "      body: ok\n", "      body_format: json\n      body: |\n        {\n          \"a\": 1,\n          \"b\": 2,,\n        }\n"), "line 14: body is not valid JSON (body_format: json): invalid character ',' looking for beginning of object key string"},
		{"bad JSON in a quoted body", replace(t, "      body: ok\n", "      body_format: json\n      body: \"{\\n}}\"\n"), "line 11: body is not valid JSON (body_format: json): invalid character '}' after top-level value"},
		{"body a mapping", replace(t, "      body: ok\n", "      body:\n        a: b\n"), "line 11: body: want a string, got a mapping"},
		{"unknown body_encoding", replace(t, "      body: ok\n", "      body_encoding: zstd\n      body: ok\n"), `line 10: body_encoding "zstd" is not one tapedeck re-encodes: use gzip, deflate, br or aws-chunked, or store the body as sent with body_format: base64`},
		{"compression_level alone", replace(t, "      body: ok\n", "      compression_level: 9\n      body: ok\n"), "line 10: compression_level without body_encoding: add body_encoding or remove compression_level"},
		{"compression_level out of range", replace(t, "      body: ok\n", "      headers:\n        Content-Encoding: [gzip]\n      body_encoding: gzip\n      compression_level: 10\n      body: ok\n"), "line 13: compression_level 10 is out of range for gzip: use 0 to 9, or leave it out for the default"},
		{"brotli level out of range", replace(t, "      body: ok\n", "      headers:\n        Content-Encoding: [br]\n      body_encoding: br\n      compression_level: 12\n      body: ok\n"), "line 13: compression_level 12 is out of range for br: use 0 to 11, or leave it out for the default"},
		{"compression_level not a number", replace(t, "      body: ok\n", "      headers:\n        Content-Encoding: [br]\n      body_encoding: br\n      compression_level: best\n      body: ok\n"), `line 13: compression_level: want an integer like 9, got "best"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Unmarshal([]byte(tc.in))
			assert.Error(t, err, tc.want)
			assert.Check(t, c == nil)
			var fe *FormatError
			assert.Assert(t, errors.As(err, &fe), "error is %T, want *FormatError", err)
		})
	}
}

func TestErrNewerVersion(t *testing.T) {
	_, err := Unmarshal([]byte("version: 2\n"))
	assert.Assert(t, errors.Is(err, ErrNewerVersion), "errors.Is(%v, ErrNewerVersion) is false", err)
	var fe *FormatError
	assert.Assert(t, errors.As(err, &fe))
	assert.Equal(t, fe.Line, 1)

	_, err = Unmarshal([]byte("version: 0\n"))
	assert.Assert(t, !errors.Is(err, ErrNewerVersion), "errors.Is(%v, ErrNewerVersion) is true", err)
}

func TestFormatErrorText(t *testing.T) {
	err := errors.New("what is wrong")
	for _, tc := range []struct {
		name string
		e    *FormatError
		want string
	}{
		{"path and line", &FormatError{Path: "fixtures/github.yaml", Line: 2, Err: err}, "fixtures/github.yaml:2: what is wrong"},
		{"path only", &FormatError{Path: "fixtures/github.yaml", Err: err}, "fixtures/github.yaml: what is wrong"},
		{"line only", &FormatError{Line: 2, Err: err}, "line 2: what is wrong"},
		{"neither", &FormatError{Err: err}, "what is wrong"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.e.Error(), tc.want)
			assert.Assert(t, errors.Is(tc.e, err))
		})
	}
}
