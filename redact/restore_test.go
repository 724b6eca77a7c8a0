package redact

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

func TestRestore(t *testing.T) {
	account := "acct-7781"
	r := mustNew(t,
		Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT_ID>"),
		Secret("<ACCOUNT_ID>", func() string { return account }),
		Pattern(regexp.MustCompile(`org-\d+`), "<ORG>"),
	)
	body := `{"account":"acct-7781","org":"org-12","token":"t"}`
	recorded := r.Response(cassette.Response{
		Code:    200,
		Headers: hdr("Location", "/accounts/acct-7781", "Content-Length", strconv.Itoa(len(body))),
		Body:    []byte(body),
	})
	assert.Equal(t, string(recorded.Body), `{"account":"<ACCOUNT_ID>","org":"<ORG>","token":"REDACTED"}`)
	assert.Equal(t, recorded.Headers.Get("Location"), "/accounts/<ACCOUNT_ID>")

	// In replay the test may use another account: the function says which.
	account = "acct-1"
	got := r.Restore(recorded)
	assert.Equal(t, string(got.Body), `{"account":"acct-1","org":"<ORG>","token":"REDACTED"}`)
	assert.Equal(t, got.Headers.Get("Location"), "/accounts/acct-1")
	assert.Equal(t, got.Headers.Get("Content-Length"), strconv.Itoa(len(got.Body)))
	assert.Equal(t, recorded.Headers.Get("Location"), "/accounts/<ACCOUNT_ID>", "the argument must not change")
}

func TestRestoreCompressedBody(t *testing.T) {
	r := mustNew(t, Secret("<KEY>", func() string { return "k-123" }))
	for _, enc := range []string{"gzip", "deflate", "br"} {
		t.Run(enc, func(t *testing.T) {
			h := hdr("Content-Encoding", enc, "Trailer", "X-Echo")
			recorded := cassette.Response{Code: 200, Headers: h, Trailers: hdr("X-Echo", "<KEY>"), Body: compress(t, enc, []byte("key=<KEY>"))}
			got := r.Restore(recorded)
			assert.Equal(t, string(decompress(t, got.Headers, got.Body)), "key=k-123")
			assert.Equal(t, got.Trailers.Get("X-Echo"), "k-123")
		})
	}
}

func TestRestoreWithoutSecretsChangesNothing(t *testing.T) {
	recorded := cassette.Response{Code: 200, Headers: hdr("Set-Cookie", "a=REDACTED"), Body: []byte(`{"token":"REDACTED"}`)}
	assert.DeepEqual(t, Default().Restore(recorded), recorded)
}

func TestRestoreSkipsAnEmptyValue(t *testing.T) {
	r := mustNew(t, Secret("<KEY>", func() string { return "" }))
	recorded := cassette.Response{Code: 200, Body: []byte("<KEY>")}
	assert.Equal(t, string(r.Restore(recorded).Body), "<KEY>")
}
