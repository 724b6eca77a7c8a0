package har

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// TestMarshal writes the project's fixture as HAR and reads it back.
func TestMarshal(t *testing.T) {
	fixture, err := cassette.Load(afero.NewOsFs(), filepath.Join("..", "..", "fixtures", "example.yaml"))
	assert.NilError(t, err)
	data, notes, err := Marshal(fixture, "v1.2.3")
	assert.NilError(t, err)
	assert.DeepEqual(t, notes, []string{"HAR has no trailers: those of 1 interaction are left out"})

	// The file has what HAR 1.2 requires of every entry.
	var doc struct {
		Log struct {
			Version string           `json:"version"`
			Creator map[string]any   `json:"creator"`
			Entries []map[string]any `json:"entries"`
		} `json:"log"`
	}
	assert.NilError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, doc.Log.Version, "1.2")
	assert.Equal(t, doc.Log.Creator["name"], "tapedeck")
	assert.Equal(t, len(doc.Log.Entries), len(fixture.Interactions))
	for _, e := range doc.Log.Entries {
		for _, k := range []string{"startedDateTime", "time", "request", "response", "cache", "timings"} {
			assert.Check(t, e[k] != nil, "entry lacks %s", k)
		}
		for _, k := range []string{"method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"} {
			assert.Check(t, e["request"].(map[string]any)[k] != nil, "request lacks %s", k)
		}
		for _, k := range []string{"status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize"} {
			assert.Check(t, e["response"].(map[string]any)[k] != nil, "response lacks %s", k)
		}
	}
	assert.Equal(t, doc.Log.Creator["version"], "v1.2.3")
	var h harFile
	assert.NilError(t, json.Unmarshal(data, &h))
	gz := h.Log.Entries[8] // GET /gzip: decoded in the HAR, the header kept
	assert.Equal(t, gz.Response.Content.Size, int64(381))
	assert.Equal(t, gz.Response.Content.Compression, int64(381-48))
	assert.Equal(t, gz.Response.BodySize, int64(48))
	bin := h.Log.Entries[7] // GET /logo.bin: binary, in base64
	assert.Equal(t, bin.Response.Content.Encoding, "base64")
	assert.DeepEqual(t, bin.Request.QueryString, []harNameVal{{Name: "size", Value: "48"}})

	// Read back, it replays what the cassette replays: the same requests
	// get the same statuses and (decoded) bodies.
	back, err := Read("example.har", data)
	assert.NilError(t, err)
	assert.Equal(t, len(back.Interactions), len(fixture.Interactions))
	for i, want := range fixture.Interactions {
		got := back.Interactions[i]
		assert.Equal(t, got.Request.Method, want.Request.Method)
		assert.Equal(t, got.Request.URL, want.Request.URL)
		assert.DeepEqual(t, got.Request.Body, want.Request.Body)
		assert.Equal(t, got.Response.Code, want.Response.Code)
		assert.Equal(t, got.Response.Status, want.Response.Status)
		wantBody, _, err := cassette.DecodedBody(want.Response.Headers, want.Response.Body)
		assert.NilError(t, err)
		assert.DeepEqual(t, got.Response.Body, wantBody)
		assert.Equal(t, got.RecordedAt, want.RecordedAt)
	}
}
