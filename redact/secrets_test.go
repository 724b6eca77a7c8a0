package redact

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// TestDefaultsLeaveNoSecret is the recorder's acceptance case at the level of
// this package: a bearer token, a session cookie, an api_key parameter and a
// JSON password are all gone after default redaction, the scan is clean, and
// a GitHub token planted in the response is found.
func TestDefaultsLeaveNoSecret(t *testing.T) {
	secrets := []string{"tok-9f8e7d6c5b4a", "sess-1a2b3c4d5e6f", "key-0a9b8c7d6e5f", "pw-correct-horse"}
	in := &cassette.Interaction{
		Line: 3,
		Request: cassette.Request{
			Method: "POST",
			URL:    "http://127.0.0.1:4321/login?api_key=" + secrets[2] + "&lang=en",
			Headers: hdr(
				"Authorization", "Bearer "+secrets[0],
				"Cookie", "session="+secrets[1],
				"Content-Type", "application/json",
			),
			Body: []byte(`{"user":"ann","password":"` + secrets[3] + `"}`),
		},
		Response: cassette.Response{Code: 200, Status: "200 OK", Headers: hdr("Set-Cookie", "session="+secrets[1]+"; HttpOnly"), Body: []byte(`{"ok":true}`)},
	}
	r := Default()
	out := r.Interaction(in)
	dump := fmt.Sprintf("%+v %s %s", *out, out.Request.Body, out.Response.Body)
	for _, s := range secrets {
		assert.Assert(t, !strings.Contains(dump, s), "secret %q survived redaction:\n%s", s, dump)
	}
	assert.DeepEqual(t, r.ScanInteraction(0, out), []Finding(nil))

	out.Response.Body = []byte(`{"ok":true,"token":"` + githubToken + `"}`)
	c := &cassette.Cassette{Version: 1, Interactions: []*cassette.Interaction{out}}
	findings := r.Scan(c)
	assert.Equal(t, len(findings), 1)
	assert.Error(t, findings[0], `interaction #1 (line 3): response.body $.token: GitHub token "ghp_…": add recorder.WithRedaction(redact.JSONField("$.token")) or allow it with recorder.WithRedaction(redact.AllowField("response.body $.token"))`)
}
