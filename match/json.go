package match

import (
	"bytes"
	"encoding/json"
	"io"
)

// decodeJSON decodes one JSON value, keeping numbers as written
// (json.Number). ok is false unless b is exactly one valid JSON value.
func decodeJSON(b []byte) (v any, ok bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// canonicalJSON re-encodes a JSON document compactly with object keys sorted,
// so that two documents that differ only in key order and white space give
// the same bytes. Numbers keep their spelling.
func canonicalJSON(b []byte) ([]byte, bool) {
	v, ok := decodeJSON(b)
	if !ok {
		return nil, false
	}
	c, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	return c, true
}
