package recorder

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"

	"github.com/tapedeck/recorder/cassette"
)

// rulesCassette saves a cassette whose redact rules cover the query
// parameter session, with one recording made under them.
func rulesCassette(t *testing.T) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	c := &cassette.Cassette{Version: cassette.Version, Redact: &cassette.Redaction{Query: []string{"session"}},
		Interactions: []*cassette.Interaction{{
			Request:  cassette.Request{Method: "GET", URL: api + "/me?session=REDACTED"},
			Response: cassette.Response{Status: "200 OK", Code: 200, Body: []byte("me")},
		}}}
	assert.NilError(t, cassette.Save(fsys, "c.yaml", c))
	return fsys
}

// TestCassetteRulesMatch: a live request is redacted by the cassette's own
// rules, so a request with a real session matches the redacted recording.
func TestCassetteRulesMatch(t *testing.T) {
	rec, err := Open("c", WithFS(rulesCassette(t)), WithMode(ModeReplay), WithTransport(&offline{}))
	assert.NilError(t, err)
	assert.Equal(t, string(get(t, rec.Client(), api+"/me?session=s3cr3t-value").Body), "me")
	assert.NilError(t, rec.Close())
}

// TestRerecordKeepsCassetteRules: -update=all replaces the recordings but
// keeps the rules, and redacts the new recordings with them.
func TestRerecordKeepsCassetteRules(t *testing.T) {
	fsys := rulesCassette(t)
	rec, err := Open("c", WithFS(fsys), WithMode(ModeRerecord), WithTransport(&liveTransport{}))
	assert.NilError(t, err)
	get(t, rec.Client(), api+"/me?session=s3cr3t-value")
	assert.NilError(t, rec.Close())

	data, err := afero.ReadFile(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.Assert(t, !strings.Contains(string(data), "s3cr3t-value"), "the re-recording wrote the session:\n%s", data)
	c, err := cassette.Load(fsys, "c.yaml")
	assert.NilError(t, err)
	assert.DeepEqual(t, c.Redact, &cassette.Redaction{Query: []string{"session"}})
	assert.Equal(t, c.Interactions[0].Request.URL, api+"/me?session=REDACTED")
}
