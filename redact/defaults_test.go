package redact

import (
	"net/http"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

func TestDefaultRequestHeaders(t *testing.T) {
	tests := []struct {
		name, header, value, want string
	}{
		{"bearer keeps its scheme", "Authorization", "Bearer abc.def.ghi", "Bearer REDACTED"},
		{"basic keeps its scheme", "Authorization", "Basic dXNlcjpwYXNz", "Basic REDACTED"},
		{"aws signature", "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAX/2024, Signature=ab12", "AWS4-HMAC-SHA256 REDACTED"},
		{"bare credential", "Authorization", "s3cr3t", "REDACTED"},
		{"proxy authorization", "Proxy-Authorization", "Basic dXNlcjpwYXNz", "Basic REDACTED"},
		{"cookie names stay", "Cookie", "session=abc123; theme=dark", "session=REDACTED; theme=REDACTED"},
		{"cookie without a name", "Cookie", "abc123", "REDACTED"},
		{"x-api-key", "X-Api-Key", "k-123", "REDACTED"},
		{"x-auth-token", "X-Auth-Token", "t-123", "REDACTED"},
		{"x-access-token", "X-Access-Token", "t-123", "REDACTED"},
		{"x-amz-security-token", "X-Amz-Security-Token", "FQoG", "REDACTED"},
		{"name contains token", "X-Csrf-Token", "c-1", "REDACTED"},
		{"name contains secret", "X-Client-Secret", "s-1", "REDACTED"},
		{"name contains api-key", "X-Goog-Api-Key", "g-1", "REDACTED"},
		{"name contains apikey", "Apikey", "a-1", "REDACTED"},
		{"name contains password", "X-User-Password", "hunter2", "REDACTED"},
		{"name contains auth-key", "X-Auth-Key", "ak", "REDACTED"},
		{"azure subscription key", "Ocp-Apim-Subscription-Key", "az", "REDACTED"},
		{"ordinary header stays", "Accept", "application/json", "application/json"},
		{"request id stays", "X-Request-Id", "550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"},
		{"idempotency key stays", "Idempotency-Key", "k-42", "k-42"},
		{"already redacted", "Authorization", "Bearer REDACTED", "Bearer REDACTED"},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cassette.Request{Method: "GET", URL: "https://api.example.com/", Headers: hdr(tt.header, tt.value)}
			got := r.Request(in)
			assert.DeepEqual(t, got.Headers, hdr(tt.header, tt.want))
			assert.Equal(t, in.Headers.Get(tt.header), tt.value, "the argument must not change")
		})
	}
}

func TestDefaultResponseHeaders(t *testing.T) {
	tests := []struct {
		name   string
		in     http.Header
		want   http.Header
		inTrl  http.Header
		wantTr http.Header
	}{
		{
			name: "set-cookie keeps name and attributes",
			in:   hdr("Set-Cookie", "session=abc; Path=/; HttpOnly", "Set-Cookie", "csrftoken=xyz; Secure"),
			want: hdr("Set-Cookie", "session=REDACTED; Path=/; HttpOnly", "Set-Cookie", "csrftoken=REDACTED; Secure"),
		},
		{
			name: "token header in a response",
			in:   hdr("X-Subject-Token", "gAAAAAB", "Content-Type", "application/json"),
			want: hdr("X-Subject-Token", "REDACTED", "Content-Type", "application/json"),
		},
		{
			name: "query and fragment of a redirect",
			in:   hdr("Location", "https://app.example.com/cb?code=c1&state=s1#access_token=t1&token_type=bearer"),
			want: hdr("Location", "https://app.example.com/cb?code=c1&state=s1#access_token=REDACTED&token_type=bearer"),
		},
		{
			name: "content-location",
			in:   hdr("Content-Location", "/files/1?sig=abc&v=1"),
			want: hdr("Content-Location", "/files/1?sig=REDACTED&v=1"),
		},
		{
			name: "cors credentials header stays",
			in:   hdr("Access-Control-Allow-Credentials", "true"),
			want: hdr("Access-Control-Allow-Credentials", "true"),
		},
		{
			name:   "trailers are redacted like headers",
			in:     hdr("Trailer", "X-Session-Token"),
			want:   hdr("Trailer", "X-Session-Token"),
			inTrl:  hdr("X-Session-Token", "t"),
			wantTr: hdr("X-Session-Token", "REDACTED"),
		},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Response(cassette.Response{Code: 200, Headers: tt.in, Trailers: tt.inTrl})
			assert.DeepEqual(t, got.Headers, tt.want)
			assert.DeepEqual(t, got.Trailers, tt.wantTr)
		})
	}
}

func TestDefaultURL(t *testing.T) {
	const googleKey = "AIzaSyA1234567890abcdefghijklmnopqrstuv"
	tests := []struct{ name, in, want string }{
		{"access_token", "https://h/p?access_token=abc&page=2", "https://h/p?access_token=REDACTED&page=2"},
		{"api_key", "https://h/p?api_key=abc", "https://h/p?api_key=REDACTED"},
		{"apikey", "https://h/p?apikey=abc", "https://h/p?apikey=REDACTED"},
		{"token", "https://h/p?token=abc", "https://h/p?token=REDACTED"},
		{"client_secret", "https://h/p?client_id=app&client_secret=abc", "https://h/p?client_id=app&client_secret=REDACTED"},
		{"password", "https://h/p?user=u&password=abc", "https://h/p?user=u&password=REDACTED"},
		{"secret", "https://h/p?secret=abc", "https://h/p?secret=REDACTED"},
		{"signature", "https://h/p?signature=abc", "https://h/p?signature=REDACTED"},
		{"sig", "https://h/p?sv=2020&sig=abc%2B%3D", "https://h/p?sv=2020&sig=REDACTED"},
		{"refresh_token", "https://h/p?refresh_token=abc", "https://h/p?refresh_token=REDACTED"},
		{"camel case", "https://h/p?accessToken=abc", "https://h/p?accessToken=REDACTED"},
		{"case-insensitive", "https://h/p?API_KEY=abc", "https://h/p?API_KEY=REDACTED"},
		{"escaped name", "https://h/p?api%5Fkey=abc", "https://h/p?api%5Fkey=REDACTED"},
		{"aws presigned", "https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F2024&X-Amz-Date=20240101T000000Z&X-Amz-Signature=ab12", "https://b.s3.amazonaws.com/k?X-Amz-Credential=REDACTED&X-Amz-Date=20240101T000000Z&X-Amz-Signature=REDACTED"},
		{"google key", "https://maps/api?key=" + googleKey + "&q=x", "https://maps/api?key=REDACTED&q=x"},
		{"ordinary key stays", "https://h/objects?key=photos/2024/cat.jpg", "https://h/objects?key=photos/2024/cat.jpg"},
		{"pagination token stays", "https://h/p?pageToken=CAEQAA&next_token=x", "https://h/p?pageToken=CAEQAA&next_token=x"},
		{"order and escaping stay", "https://h/p?b=2&token=t&a=%20x", "https://h/p?b=2&token=REDACTED&a=%20x"},
		{"empty value stays", "https://h/p?token=&a=1", "https://h/p?token=&a=1"},
		{"name without value stays", "https://h/p?token&a=1", "https://h/p?token&a=1"},
		{"repeated parameter", "https://h/p?token=a&token=b", "https://h/p?token=REDACTED&token=REDACTED"},
		{"fragment pairs", "https://h/p?token=a#token=b&x=1", "https://h/p?token=REDACTED#token=REDACTED&x=1"},
		{"fragment text stays", "https://h/p?token=a#section-2", "https://h/p?token=REDACTED#section-2"},
		{"only a fragment", "https://h/p#access_token=a", "https://h/p#access_token=REDACTED"},
		{"userinfo password", "https://user:pa55@h/p", "https://user:REDACTED@h/p"},
		{"userinfo with @ in password", "https://user:p@ss@h/p?q=1", "https://user:REDACTED@h/p?q=1"},
		{"userinfo without password stays", "https://user@h/p", "https://user@h/p"},
		{"no query", "https://h/p", "https://h/p"},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Request(cassette.Request{Method: "GET", URL: tt.in})
			assert.Equal(t, got.URL, tt.want)
		})
	}
}

func TestDefaultBodies(t *testing.T) {
	const googleKey = "AIzaSyA1234567890abcdefghijklmnopqrstuv"
	json := hdr("Content-Type", "application/json")
	form := hdr("Content-Type", "application/x-www-form-urlencoded")
	tests := []struct {
		name     string
		h        http.Header
		in, want string
	}{
		{"json password", json, `{"user":"ann","password":"hunter2"}`, `{"user":"ann","password":"REDACTED"}`},
		{"json nested", json, `{"auth":{"client_secret":"s","client_id":"c"}}`, `{"auth":{"client_secret":"REDACTED","client_id":"c"}}`},
		{"json in an array", json, `[{"access_token":"a"},{"access_token":"b"}]`, `[{"access_token":"REDACTED"},{"access_token":"REDACTED"}]`},
		{"json aws credentials", json, `{"AccessKeyId":"ASIAXXXXXXXXXXXXXXXX","SecretAccessKey":"wJalr","SessionToken":"FwoG"}`, `{"AccessKeyId":"REDACTED","SecretAccessKey":"REDACTED","SessionToken":"REDACTED"}`},
		{"json number", json, `{"password":1234}`, `{"password":"REDACTED"}`},
		{"json null stays", json, `{"password":null}`, `{"password":null}`},
		{"json object under a secret name stays", json, `{"secret":{"rotated":true}}`, `{"secret":{"rotated":true}}`},
		{"json google key", json, `{"key":"` + googleKey + `","sort":{"key":"name"}}`, `{"key":"REDACTED","sort":{"key":"name"}}`},
		{"json pagination stays", json, `{"nextPageToken":"CAEQAA"}`, `{"nextPageToken":"CAEQAA"}`},
		{"json without content type", nil, `{"password":"x"}`, `{"password":"REDACTED"}`},
		{"json formatting stays", json, "{\n  \"z\": 1,\n  \"password\" : \"x\",\n  \"a\": [1, 2]\n}\n", "{\n  \"z\": 1,\n  \"password\" : \"REDACTED\",\n  \"a\": [1, 2]\n}\n"},
		{"json escaped key", json, `{"pass\u0077ord":"x"}`, `{"pass\u0077ord":"REDACTED"}`},
		{"not json stays", json, `{"password":"x"`, `{"password":"x"`},
		{"form password", form, "username=ann&password=hunter2&grant_type=password", "username=ann&password=REDACTED&grant_type=password"},
		{"form client secret", form, "client_id=a&client_secret=b", "client_id=a&client_secret=REDACTED"},
		{"form needs its content type", hdr("Content-Type", "text/plain"), "password=hunter2", "password=hunter2"},
	}
	r := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Request(cassette.Request{Method: "POST", URL: "https://h/", Headers: tt.h, Body: []byte(tt.in)})
			assert.Equal(t, string(got.Body), tt.want)
			resp := r.Response(cassette.Response{Code: 200, Headers: tt.h, Body: []byte(tt.in)})
			assert.Equal(t, string(resp.Body), tt.want, "responses are redacted the same way")
		})
	}
}

func TestZeroRedactorIsDefault(t *testing.T) {
	var zero Redactor
	in := &cassette.Interaction{
		Request:  cassette.Request{Method: "GET", URL: "https://h/p?token=t", Headers: hdr("Authorization", "Bearer 0123456789abcdef")},
		Response: cassette.Response{Code: 200, Body: []byte(`{"password":"x"}`)},
	}
	assert.DeepEqual(t, zero.Interaction(in), Default().Interaction(in))
	assert.DeepEqual(t, zero.Scan(&cassette.Cassette{Interactions: []*cassette.Interaction{zero.Interaction(in)}}), []Finding(nil))
}

// commonHeaderNames are the header names isCommonHeader knows.
var commonHeaderNames = []string{
	"Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language",
	"Cache-Control", "Connection", "Content-Disposition", "Content-Encoding",
	"Content-Language", "Content-Length", "Content-Type", "Date", "Etag",
	"Expires", "Host", "If-Match", "If-Modified-Since", "If-None-Match",
	"If-Range", "If-Unmodified-Since", "Last-Modified", "Origin", "Pragma",
	"Range", "Traceparent", "Tracestate", "Transfer-Encoding", "User-Agent",
	"Vary", "X-Request-Id", "X-Requested-With",
}

// TestCommonHeadersAreNotRedacted checks the fast path of isDefaultHeader:
// every header it recognises as common is one the rules would leave alone
// anyway, so skipping them changes nothing.
func TestCommonHeadersAreNotRedacted(t *testing.T) {
	for _, name := range commonHeaderNames {
		t.Run(name, func(t *testing.T) {
			assert.Assert(t, isCommonHeader(name), "the fast path does not know %s", name)
			n := normalize(name)
			assert.Assert(t, !isDefaultHeaderName([]byte(n)) && !defaultHeaderWords.in([]byte(n)), "the rules redact %s", name)
		})
	}
	for _, name := range []string{"Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "accept"} {
		assert.Assert(t, !isCommonHeader(name), "%s must take the full check", name)
	}
}

func TestIsKeyName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"key", true}, {"Key", true}, {"KEY", true}, {"k-e_y", true}, {"_key_", true},
		{"keys", false}, {"ke", false}, {"apikey", false}, {"", false}, {"expand", false}, {"kéy", false},
	} {
		assert.Equal(t, isKeyName(tc.name), tc.want, "isKeyName(%q)", tc.name)
		assert.Equal(t, isKeyName(tc.name), normalize(tc.name) == "key", "isKeyName(%q) disagrees with normalize", tc.name)
	}
}

// TestCommonHeadersAreNotSecretLooking checks what the scan takes for
// granted of the names isCommonHeader knows: no password or secret-looking
// name among them.
func TestCommonHeadersAreNotSecretLooking(t *testing.T) {
	for _, name := range commonHeaderNames {
		assert.Assert(t, isCommonHeader(name), "the fast path does not know %s", name)
		assert.Assert(t, !passwordKey(name) && !secretLookingKey(name), "the scan takes %s for an ordinary name, but it is not", name)
		var buf [64]byte
		assert.Equal(t, classifyKey(appendNormalized(buf[:0], name)), keyKnown, name)
	}
}

// TestClassifyKey checks classifyKey against passwordKey and
// secretLookingKey.
func TestClassifyKey(t *testing.T) {
	for _, name := range []string{"", "password", "db_password", "pwd", "PWD", "passwd", "token", "nextPageToken",
		"api_key", "key", "X-Session-Token", "token_type", "Cookie", "Authorization", "secret_name", "id", "Content-Type"} {
		n := []byte(normalize(name))
		c := classifyKey(n)
		assert.Equal(t, c&keyPassword != 0, passwordKey(name), "%s: password", name)
		assert.Equal(t, c&keySecret != 0, secretLookingKey(name), "%s: secret-looking", name)
	}
}
