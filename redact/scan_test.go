package redact

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

// Credentials shaped like the real ones (none of them is live).
const (
	githubToken = "ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3"
	githubPAT   = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"
	awsKeyID    = "AKIAIOSFODNN7EXAMPLE"
	slackToken  = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
	stripeKey   = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
	stripeTest  = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	googleKey   = "AIzaSyA1234567890abcdefghijklmnopqrstuv"
	jwt         = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	privateKey  = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----"
	randomToken = "q8Zr2LmN4vB7xK1pT9wE3sY6"
)

// scanRequest scans one interaction holding req and resp.
func scanOne(r *Redactor, req cassette.Request, resp cassette.Response) []Finding {
	return r.ScanInteraction(0, &cassette.Interaction{Request: req, Response: resp})
}

// brief is what the tests compare of a finding.
type brief struct {
	Field, Kind, Excerpt, Fix string
}

func briefs(fs []Finding) []brief {
	var out []brief
	for _, f := range fs {
		out = append(out, brief{f.Field, string(f.Kind), f.Excerpt, f.Fix})
	}
	return out
}

func TestScanFindsEachKindEverywhere(t *testing.T) {
	kinds := []struct {
		name    string
		value   string
		kind    Kind
		excerpt string
		pattern string // the suggested Pattern for free text
	}{
		{"GitHub", githubToken, KindGitHubToken, "ghp_…", "redact.Pattern(regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`), \"REDACTED_GITHUB_TOKEN\")"},
		{"GitHub PAT", githubPAT, KindGitHubToken, "gith…", "redact.Pattern(regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`), \"REDACTED_GITHUB_TOKEN\")"},
		{"AWS", awsKeyID, KindAWSAccessKey, "AKIA…", "redact.Pattern(regexp.MustCompile(`(?:AKIA|ASIA)[A-Z0-9]{16}`), \"REDACTED_AWS_ACCESS_KEY_ID\")"},
		{"Slack", slackToken, KindSlackToken, "xoxb…", "redact.Pattern(regexp.MustCompile(`xox[abposr]-[A-Za-z0-9-]{10,}`), \"REDACTED_SLACK_TOKEN\")"},
		{"Stripe live", stripeKey, KindStripeKey, "sk_l…", "redact.Pattern(regexp.MustCompile(`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}`), \"REDACTED_STRIPE_KEY\")"},
		{"Stripe test", stripeTest, KindStripeKey, "sk_t…", "redact.Pattern(regexp.MustCompile(`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}`), \"REDACTED_STRIPE_KEY\")"},
		{"Google", googleKey, KindGoogleAPIKey, "AIza…", "redact.Pattern(regexp.MustCompile(`AIza[0-9A-Za-z_-]{35}`), \"REDACTED_GOOGLE_API_KEY\")"},
		{"JWT", jwt, KindJWT, "eyJh…", "redact.Pattern(regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*`), \"REDACTED_JWT\")"},
	}
	// Kept out of the way, so the scanner sees what the redactor would hide.
	r := Default()
	for _, k := range kinds {
		t.Run(k.name+"/json body", func(t *testing.T) {
			body := `{"data":{"items":[{"value":"` + k.value + `"}]}}`
			got := scanOne(r, cassette.Request{Method: "GET", URL: "https://h/"}, cassette.Response{Code: 200, Body: []byte(body)})
			assert.DeepEqual(t, briefs(got), []brief{{"response.body $.data.items[0].value", string(k.kind), k.excerpt, `redact.JSONField("$.data.items[*].value")`}})
		})
		t.Run(k.name+"/text body", func(t *testing.T) {
			body := "config:\n  value: " + k.value + "\n"
			got := scanOne(r, cassette.Request{Method: "POST", URL: "https://h/", Headers: hdr("Content-Type", "text/yaml"), Body: []byte(body)}, cassette.Response{})
			assert.DeepEqual(t, briefs(got), []brief{{"request.body", string(k.kind), k.excerpt, k.pattern}})
		})
		t.Run(k.name+"/header", func(t *testing.T) {
			got := scanOne(r, cassette.Request{Method: "GET", URL: "https://h/"}, cassette.Response{Headers: hdr("X-Debug", k.value)})
			assert.DeepEqual(t, briefs(got), []brief{{"response.header X-Debug", string(k.kind), k.excerpt, `redact.Header("X-Debug")`}})
		})
		t.Run(k.name+"/query", func(t *testing.T) {
			got := scanOne(r, cassette.Request{Method: "GET", URL: "https://h/p?q=1&v=" + k.value}, cassette.Response{})
			assert.DeepEqual(t, briefs(got), []brief{{"request.url query v", string(k.kind), k.excerpt, `redact.QueryParam("v")`}})
		})
		t.Run(k.name+"/path", func(t *testing.T) {
			got := scanOne(r, cassette.Request{Method: "GET", URL: "https://h/hooks/" + k.value + "/run"}, cassette.Response{})
			assert.DeepEqual(t, briefs(got), []brief{{"request.url", string(k.kind), k.excerpt, k.pattern}})
		})
	}
}

func TestScanFindings(t *testing.T) {
	form := hdr("Content-Type", "application/x-www-form-urlencoded")
	tests := []struct {
		name string
		req  cassette.Request
		resp cassette.Response
		want []brief
	}{
		{
			name: "private key in a JSON body",
			resp: cassette.Response{Body: []byte(`{"private_key_pem":"` + strings.ReplaceAll(privateKey, "\n", `\n`) + `"}`)},
			want: []brief{{"response.body $.private_key_pem", "private key", "-----BEGIN RSA PRIVATE KEY-----", `redact.JSONField("$.private_key_pem")`}},
		},
		{
			name: "private key in a text body",
			resp: cassette.Response{Body: []byte("key:\n" + privateKey + "\n")},
			want: []brief{{"response.body", "private key", "-----BEGIN RSA PRIVATE KEY-----", "redact.Pattern(regexp.MustCompile(`(?s)-----BEGIN[A-Z ]*PRIVATE KEY-----.*?-----END[A-Z ]*PRIVATE KEY-----`), \"REDACTED_PRIVATE_KEY\")"}},
		},
		{
			name: "bearer header",
			req:  cassette.Request{Headers: hdr("Authorization", "Bearer 0123456789abcdef")},
			want: []brief{{"request.header Authorization", "bearer token", "Bearer 0123…", `redact.Header("Authorization")`}},
		},
		{
			name: "basic header",
			req:  cassette.Request{Headers: hdr("Proxy-Authorization", "Basic dXNlcjpwYXNzd29yZA==")},
			want: []brief{{"request.header Proxy-Authorization", "basic credentials", "Basic dXNl…", `redact.Header("Proxy-Authorization")`}},
		},
		{
			name: "bearer JWT is reported once, as a JWT",
			req:  cassette.Request{Headers: hdr("Authorization", "Bearer "+jwt)},
			want: []brief{{"request.header Authorization", "JWT", "eyJh…", `redact.Header("Authorization")`}},
		},
		{
			name: "bearer echoed in a JSON body",
			resp: cassette.Response{Body: []byte(`{"headers":{"Authorization":"Bearer abcdefgh12"}}`)},
			want: []brief{{"response.body $.headers.Authorization", "bearer token", "Bearer …", `redact.JSONField("$.headers.Authorization")`}},
		},
		{
			name: "bearer in a text body",
			resp: cassette.Response{Body: []byte("GET / HTTP/1.1\r\nAuthorization: Bearer 4f9a0c1e2b3d4f5a6b7c8d9e\r\n")},
			want: []brief{{"response.body", "bearer token", "Bearer 4f9a…", "redact.Pattern(regexp.MustCompile(`[Bb]earer ([A-Za-z0-9._~+/-]{20,}=*)`), \"REDACTED_TOKEN\")"}},
		},
		{
			name: "high-entropy header",
			req:  cassette.Request{Headers: hdr("X-Custom-Token", randomToken)},
			want: []brief{{"request.header X-Custom-Token", "high-entropy value", "q8Zr…", `redact.Header("X-Custom-Token")`}},
		},
		{
			name: "high-entropy JSON member",
			resp: cassette.Response{Body: []byte(`{"data":[{"client_token":"` + randomToken + `"}]}`)},
			want: []brief{{"response.body $.data[0].client_token", "high-entropy value", "q8Zr…", `redact.JSONField("$.data[*].client_token")`}},
		},
		{
			name: "high-entropy member of an array under a secret name",
			resp: cassette.Response{Body: []byte(`{"api_keys":["` + randomToken + `"]}`)},
			want: []brief{{"response.body $.api_keys[0]", "high-entropy value", "q8Zr…", `redact.JSONField("$.api_keys[*]")`}},
		},
		{
			name: "high-entropy query parameter",
			req:  cassette.Request{URL: "https://h/p?session_key=" + randomToken},
			want: []brief{{"request.url query session_key", "high-entropy value", "q8Zr…", `redact.QueryParam("session_key")`}},
		},
		{
			name: "hex API key under a secret name",
			req:  cassette.Request{Headers: hdr("DD-Api-Key", "0f1e2d3c4b5a69788796a5b4c3d2e1f0")},
			want: []brief{{"request.header Dd-Api-Key", "high-entropy value", "0f1e…", `redact.Header("Dd-Api-Key")`}},
		},
		{
			name: "session cookie",
			req:  cassette.Request{Headers: hdr("Cookie", "theme=dark; sid="+randomToken)},
			want: []brief{{"request.header Cookie", "high-entropy value", "q8Zr…", `redact.Header("Cookie")`}},
		},
		{
			name: "set-cookie",
			resp: cassette.Response{Headers: hdr("Set-Cookie", "sid="+randomToken+"; Path=/; HttpOnly")},
			want: []brief{{"response.header Set-Cookie", "high-entropy value", "q8Zr…", `redact.Header("Set-Cookie")`}},
		},
		{
			name: "password in a form body",
			req:  cassette.Request{Headers: form, Body: []byte("user=ann&password=hunter2")},
			want: []brief{{"request.body form password", "password", "…", `redact.FormField("password")`}},
		},
		{
			name: "password in JSON",
			req:  cassette.Request{Body: []byte(`{"db":{"db_password":"correct horse battery"}}`)},
			want: []brief{{"request.body $.db.db_password", "password", "corr…", `redact.JSONField("$.db.db_password")`}},
		},
		{
			name: "password in the URL",
			req:  cassette.Request{URL: "https://ann:hunter2@h/p"},
			want: []brief{{"request.url userinfo", "password", "…", "redact.Pattern(regexp.MustCompile(`://[^:/@]+:([^@/]+)@`), \"REDACTED\")"}},
		},
		{
			name: "a token in a trailer",
			resp: cassette.Response{Trailers: hdr("X-Trace", githubToken)},
			want: []brief{{"response.trailer X-Trace", "GitHub token", "ghp_…", `redact.Header("X-Trace")`}},
		},
		{
			name: "a member name that needs quoting",
			resp: cassette.Response{Body: []byte(`{"my token":"` + githubToken + `"}`)},
			want: []brief{{"response.body $['my token']", "GitHub token", "ghp_…", `redact.JSONField("$['my token']")`}},
		},
		{
			name: "the same token twice in one field is one finding",
			resp: cassette.Response{Body: []byte(githubToken + " and again " + githubToken)},
			want: []brief{{"response.body", "GitHub token", "ghp_…", "redact.Pattern(regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`), \"REDACTED_GITHUB_TOKEN\")"}},
		},
		{
			name: "a body that cannot be decoded",
			resp: cassette.Response{Headers: hdr("Content-Encoding", "zstd"), Body: []byte{0x28, 0xb5, 0x2f, 0xfd}},
			want: []brief{{"response.body", "body not inspected", `cannot decode Content-Encoding "zstd": tapedeck decodes only gzip, deflate, br and aws-chunked`, ""}},
		},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.URL == "" {
				tt.req.URL = "https://h/"
			}
			assert.DeepEqual(t, briefs(scanOne(r, tt.req, tt.resp)), tt.want)
		})
	}
}

func TestScanCompressedBody(t *testing.T) {
	for _, enc := range []string{"gzip", "deflate", "br"} {
		t.Run(enc, func(t *testing.T) {
			resp := cassette.Response{Headers: hdr("Content-Encoding", enc), Body: compress(t, enc, []byte(`{"token":"`+githubToken+`"}`))}
			got := scanOne(Default(), cassette.Request{URL: "https://h/"}, resp)
			assert.DeepEqual(t, briefs(got), []brief{{"response.body $.token", "GitHub token", "ghp_…", `redact.JSONField("$.token")`}})
		})
	}
}

// pseudoRandom returns n deterministic bytes that look random.
func pseudoRandom(n int) []byte {
	var out []byte
	block := sha256.Sum256([]byte("tapedeck"))
	for len(out) < n {
		out = append(out, block[:]...)
		block = sha256.Sum256(block[:])
	}
	return out[:n]
}

// TestScanIgnoresOrdinaryData is the false-positive corpus: ordinary API
// data, and what the redactor leaves behind, must not stop a save.
func TestScanIgnoresOrdinaryData(t *testing.T) {
	image := base64.StdEncoding.EncodeToString(pseudoRandom(6000))
	digest := sha256.Sum256([]byte("hello"))
	sha := hex.EncodeToString(digest[:])
	json := `{
	  "id": "550e8400-e29b-41d4-a716-446655440000",
	  "request_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
	  "sha256": "` + sha + `",
	  "digest": "sha256:` + sha + `",
	  "commit": {"sha": "e83c5163316f89bfbde7d9ab23ca2e25604af290", "tree": "4b825dc642cb6eb9a060e54bf8d69288fbee4904"},
	  "avatar": "data:image/png;base64,` + image + `",
	  "thumbnail": "` + image + `",
	  "nextPageToken": "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0dGE2NnEYAhIA",
	  "pagination": {"next_token": "eyJvZmZzZXQiOjEwMH0K9f8e7d6c5b4a3", "cursor": "YXJyYXljb25uZWN0aW9uOjEwMA1234"},
	  "token_type": "Bearer",
	  "token_url": "https://auth.example.com/oauth2/v1/token?client=web1234567",
	  "expires_at": "2026-11-23T18:00:00Z",
	  "token_expires_at": "2026-11-23T18:00:00.123456789Z",
	  "password_hint": "the name of the first dog you owned",
	  "max_tokens": 4096,
	  "auth_method": "client_secret_basic",
	  "author": "Ada Lovelace <ada@example.com>",
	  "token": "REDACTED",
	  "password": "REDACTED",
	  "account": "<ACCOUNT_ID>",
	  "description": "Use a Bearer token in the Authorization header.",
	  "publishable_key": "pk_live_4eC39HqLyjWDarjtT1zdp7dc",
	  "version": "v1.2.3-rc.4+build.5678901234"
	}`
	html := `<html><body><img src="data:image/jpeg;base64,` + image + `"><p>Order 4f9a0c1e-2b3d-4f5a-6b7c-8d9e0f1a2b3c</p></body></html>`
	tests := []struct {
		name string
		req  cassette.Request
		resp cassette.Response
	}{
		{
			name: "JSON API data",
			req:  cassette.Request{Method: "GET", URL: "https://api.example.com/v1/items/550e8400-e29b-41d4-a716-446655440000?page=2&sort=-created&pageToken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA0dGE2NnEYAhIA"},
			resp: cassette.Response{Headers: hdr("Content-Type", "application/json", "Etag", `"33a64df551425fcc55e4d42a148795d9f25f89d4"`, "X-Request-Id", "f47ac10b-58cc-4372-a567-0e02b2c3d479", "Content-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(digest[:])+":"), Body: []byte(json)},
		},
		{
			name: "HTML with an inline image",
			resp: cassette.Response{Headers: hdr("Content-Type", "text/html"), Body: []byte(html)},
		},
		{
			name: "binary body",
			resp: cassette.Response{Headers: hdr("Content-Type", "image/png"), Body: pseudoRandom(1 << 16)},
		},
		{
			name: "what the redactor leaves",
			req: cassette.Request{
				URL:     "https://u:REDACTED@h/p?access_token=REDACTED&api_key=REDACTED",
				Headers: hdr("Authorization", "Bearer REDACTED", "Cookie", "session=REDACTED; theme=REDACTED", "X-Api-Key", "REDACTED"),
				Body:    []byte("user=ann&password=REDACTED"),
			},
			resp: cassette.Response{Headers: hdr("Set-Cookie", "session=REDACTED; Path=/; HttpOnly")},
		},
		{
			name: "a user placeholder",
			req:  cassette.Request{URL: "https://h/accounts/<ACCOUNT_ID>", Headers: hdr("X-Auth-Token", "<ACCOUNT_ID>")},
		},
		{
			name: "ordinary headers",
			resp: cassette.Response{Headers: hdr(
				"Access-Control-Allow-Credentials", "true",
				"Access-Control-Allow-Headers", "Authorization, X-Api-Key",
				"Cache-Control", "private, max-age=60",
				"Strict-Transport-Security", "max-age=31536000; includeSubDomains",
				"X-Amz-Cf-Id", "a8Z3kq1Lp0xYw2VbN7mR4tS9uE6oI5cD3fG1hJ0kL2zX8vB4nM7qW==",
				"X-Amz-Id-2", "Lr6k1h2PPXr8b3dC8PB8Ga3LsGkL2K6HRbVnjDgCcv0PnDqvI2SaI4Zw0HcTPe1jGy4gnJ2Cw5I=",
			)},
		},
	}
	r := mustNew(t, Pattern(regexpMust(`acct-\d+`), "<ACCOUNT_ID>"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.URL == "" {
				tt.req.URL = "https://h/"
			}
			assert.DeepEqual(t, briefs(scanOne(r, tt.req, tt.resp)), []brief(nil))
		})
	}
}

func TestScanAllowAndKeep(t *testing.T) {
	req := cassette.Request{
		URL:     "https://h/p?token=" + randomToken,
		Headers: hdr("Authorization", "Bearer fake-token-for-tests", "X-Debug", githubToken),
	}
	resp := cassette.Response{Body: []byte(`{"token":"` + githubToken + `","other":"` + githubPAT + `"}`)}
	tests := []struct {
		name string
		opts []Option
		want []string // fields reported
	}{
		{"nothing allowed", nil, []string{"request.url query token", "request.header Authorization", "request.header X-Debug", "response.body $.token", "response.body $.other"}},
		{"Allow by exact value", []Option{Allow(githubToken)}, []string{"request.url query token", "request.header Authorization", "response.body $.other"}},
		{"Allow by a whole header value", []Option{Allow("Bearer fake-token-for-tests")}, []string{"request.url query token", "request.header X-Debug", "response.body $.token", "response.body $.other"}},
		{"AllowField", []Option{AllowField("response.body $.token", "request.url query token")}, []string{"request.header Authorization", "request.header X-Debug", "response.body $.other"}},
		{"Keep silences generic findings", []Option{Keep("Authorization", "token")}, []string{"request.header X-Debug", "response.body $.token", "response.body $.other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range scanOne(mustNew(t, tt.opts...), req, resp) {
				got = append(got, f.Field)
			}
			assert.DeepEqual(t, got, tt.want)
		})
	}
}

func TestScanCassette(t *testing.T) {
	c := &cassette.Cassette{Version: 1, Interactions: []*cassette.Interaction{
		{Line: 4, Request: cassette.Request{Method: "GET", URL: "https://h/1"}},
		nil,
		{Line: 41, Request: cassette.Request{Method: "GET", URL: "https://h/3"}, Response: cassette.Response{Body: []byte(`{"token":"` + githubToken + `"}`)}},
	}}
	got := Default().Scan(c)
	assert.Equal(t, len(got), 1)
	assert.Equal(t, got[0].Interaction, 2)
	assert.Equal(t, got[0].Line, 41)
	assert.Assert(t, Default().Scan(nil) == nil)
}

func TestFindingError(t *testing.T) {
	tests := []struct {
		name string
		f    Finding
		want string
	}{
		{
			name: "with a line and a fix",
			f:    Finding{Interaction: 3, Line: 41, Field: "response.body $.token", Kind: KindGitHubToken, Excerpt: "ghp_…", Fix: `redact.JSONField("$.token")`},
			want: `interaction #4 (line 41): response.body $.token: GitHub token "ghp_…": add recorder.WithRedaction(redact.JSONField("$.token")) or allow it with recorder.WithRedaction(redact.AllowField("response.body $.token"))`,
		},
		{
			name: "not loaded from a file",
			f:    Finding{Interaction: 0, Field: "request.header Authorization", Kind: KindBearer, Excerpt: "Bearer 0123…", Fix: `redact.Header("Authorization")`},
			want: `interaction #1: request.header Authorization: bearer token "Bearer 0123…": add recorder.WithRedaction(redact.Header("Authorization")) or allow it with recorder.WithRedaction(redact.AllowField("request.header Authorization"))`,
		},
		{
			name: "not inspected",
			f:    Finding{Interaction: 1, Line: 9, Field: "response.body", Kind: KindNotInspected, Excerpt: `cannot decode Content-Encoding "zstd": tapedeck decodes only gzip, deflate, br and aws-chunked`},
			want: `interaction #2 (line 9): response.body: body not inspected (cannot decode Content-Encoding "zstd": tapedeck decodes only gzip, deflate, br and aws-chunked): allow it with recorder.WithRedaction(redact.AllowField("response.body"))`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.f.Error(), tt.want)
			_, problem, _ := strings.Cut(tt.want, "): ")
			if tt.f.Line == 0 {
				_, problem, _ = strings.Cut(tt.want, ": ")
			}
			assert.Equal(t, tt.f.Problem(), problem)
		})
	}
}

// TestFixesRedact checks that every fix the scanner suggests, once added,
// makes the finding go away.
func TestFixesRedact(t *testing.T) {
	req := cassette.Request{
		Method:  "POST",
		URL:     "https://h/hooks/" + slackToken + "?v=" + awsKeyID,
		Headers: hdr("X-Debug", githubToken, "Content-Type", "application/x-www-form-urlencoded"),
		Body:    []byte("user=ann&otp_secret=" + randomToken),
	}
	resp := cassette.Response{Body: []byte(`{"items":[{"jwt":"` + jwt + `"},{"jwt":"` + jwt + `"}],"k":"` + stripeKey + `"}`)}
	in := &cassette.Interaction{Request: req, Response: resp}
	fixes := map[string]Option{
		`redact.Header("X-Debug")`:           Header("X-Debug"),
		`redact.QueryParam("v")`:             QueryParam("v"),
		`redact.FormField("otp_secret")`:     FormField("otp_secret"),
		`redact.JSONField("$.items[*].jwt")`: JSONField("$.items[*].jwt"),
		`redact.JSONField("$.k")`:            JSONField("$.k"),
		"redact.Pattern(regexp.MustCompile(`xox[abposr]-[A-Za-z0-9-]{10,}`), \"REDACTED_SLACK_TOKEN\")": Pattern(regexpMust(`xox[abposr]-[A-Za-z0-9-]{10,}`), "<SLACK_TOKEN>"),
	}
	findings := Default().ScanInteraction(0, in)
	var opts []Option
	for _, f := range findings {
		opt, ok := fixes[f.Fix]
		assert.Assert(t, ok, "unexpected fix %s for %s", f.Fix, f.Field)
		opts = append(opts, opt)
	}
	assert.Equal(t, len(findings), 7) // the JWT twice: two fields, one fix
	r := mustNew(t, opts...)
	assert.DeepEqual(t, briefs(r.ScanInteraction(0, r.Interaction(in))), []brief(nil))
}

func TestScanDoesNotChangeTheCassette(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer 0123456789abcdef"}}
	in := &cassette.Interaction{Request: cassette.Request{URL: "https://h/", Headers: h}}
	Default().ScanInteraction(0, in)
	assert.DeepEqual(t, h, http.Header{"Authorization": {"Bearer 0123456789abcdef"}})
}
