package redact

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

func TestFilters(t *testing.T) {
	accountID := func() string { return "acct-7781" }
	tests := []struct {
		name string
		opts []Option
		in   cassette.Request
		want cassette.Request
	}{
		{
			name: "Header",
			opts: []Option{Header("X-Tenant", "x-session")},
			in:   cassette.Request{URL: "https://h/", Headers: hdr("X-Tenant", "acme", "X-Session", "s1", "Accept", "*/*")},
			want: cassette.Request{URL: "https://h/", Headers: hdr("X-Tenant", "REDACTED", "X-Session", "REDACTED", "Accept", "*/*")},
		},
		{
			name: "QueryParam",
			opts: []Option{QueryParam("session", "Tenant")},
			in:   cassette.Request{URL: "https://h/p?tenant=acme&session=s1&q=x"},
			want: cassette.Request{URL: "https://h/p?tenant=REDACTED&session=REDACTED&q=x"},
		},
		{
			name: "FormField",
			opts: []Option{FormField("otp")},
			in:   cassette.Request{URL: "https://h/", Headers: hdr("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), Body: []byte("user=ann&otp=123456")},
			want: cassette.Request{URL: "https://h/", Headers: hdr("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), Body: []byte("user=ann&otp=REDACTED")},
		},
		{
			name: "JSONField",
			opts: []Option{JSONField("$.user.ssn", "$.cards[*].number")},
			in:   cassette.Request{URL: "https://h/", Body: []byte(`{"user":{"ssn":"078-05-1120"},"cards":[{"number":4111111111111111}]}`)},
			want: cassette.Request{URL: "https://h/", Body: []byte(`{"user":{"ssn":"REDACTED"},"cards":[{"number":"REDACTED"}]}`)},
		},
		{
			name: "Pattern over URL, headers and body",
			opts: []Option{Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT_ID>")},
			in:   cassette.Request{URL: "https://h/accounts/acct-7781/users", Headers: hdr("X-Account", "acct-7781"), Body: []byte(`{"account":"acct-7781","note":"for acct-7781"}`)},
			want: cassette.Request{URL: "https://h/accounts/<ACCOUNT_ID>/users", Headers: hdr("X-Account", "<ACCOUNT_ID>"), Body: []byte(`{"account":"<ACCOUNT_ID>","note":"for <ACCOUNT_ID>"}`)},
		},
		{
			name: "Pattern with a group replaces the group only",
			opts: []Option{Pattern(regexp.MustCompile(`/accounts/(\d+)`), "<ACCOUNT_ID>")},
			in:   cassette.Request{URL: "https://h/accounts/1234/users?ref=/accounts/99"},
			want: cassette.Request{URL: "https://h/accounts/<ACCOUNT_ID>/users?ref=/accounts/<ACCOUNT_ID>"},
		},
		{
			name: "Pattern over a plain text body",
			opts: []Option{Pattern(regexp.MustCompile(`(?m)^ssn: (.*)$`), "<SSN>")},
			in:   cassette.Request{URL: "https://h/", Headers: hdr("Content-Type", "text/plain"), Body: []byte("name: ann\nssn: 078-05-1120\n")},
			want: cassette.Request{URL: "https://h/", Headers: hdr("Content-Type", "text/plain"), Body: []byte("name: ann\nssn: <SSN>\n")},
		},
		{
			name: "Secret replaces the literal value and its escaped forms",
			opts: []Option{Secret("<PASS>", func() string { return "p@ss w/rd" })},
			in:   cassette.Request{URL: "https://h/login?p=p%40ss+w%2Frd&q=p@ss%20w%2Frd", Headers: hdr("X-Note", "p@ss w/rd"), Body: []byte(`{"note":"p@ss w/rd"}`)},
			want: cassette.Request{URL: "https://h/login?p=<PASS>&q=<PASS>", Headers: hdr("X-Note", "<PASS>"), Body: []byte(`{"note":"<PASS>"}`)},
		},
		{
			name: "Secret with an empty value does nothing",
			opts: []Option{Secret("<EMPTY>", func() string { return "" })},
			in:   cassette.Request{URL: "https://h/p?q=1"},
			want: cassette.Request{URL: "https://h/p?q=1"},
		},
		{
			name: "Secret inside a placeholder is ignored",
			opts: []Option{Secret("<X>", func() string { return "DACT" })},
			in:   cassette.Request{URL: "https://h/DACT", Headers: hdr("Authorization", "Bearer t")},
			want: cassette.Request{URL: "https://h/DACT", Headers: hdr("Authorization", "Bearer REDACTED")},
		},
		{
			name: "Pattern and Secret share a placeholder",
			opts: []Option{Pattern(regexp.MustCompile(`acct-\d+`), "<ACCOUNT_ID>"), Secret("<ACCOUNT_ID>", accountID)},
			in:   cassette.Request{URL: "https://h/acct-7781/acct-1"},
			want: cassette.Request{URL: "https://h/<ACCOUNT_ID>/<ACCOUNT_ID>"},
		},
		{
			name: "Keep a default header",
			opts: []Option{Keep("Authorization")},
			in:   cassette.Request{URL: "https://h/", Headers: hdr("Authorization", "Bearer fake", "Cookie", "a=1")},
			want: cassette.Request{URL: "https://h/", Headers: hdr("Authorization", "Bearer fake", "Cookie", "a=REDACTED")},
		},
		{
			name: "Keep a header the name rule covers",
			opts: []Option{Keep("x-csrf-token")},
			in:   cassette.Request{URL: "https://h/", Headers: hdr("X-Csrf-Token", "c1", "X-Auth-Token", "t")},
			want: cassette.Request{URL: "https://h/", Headers: hdr("X-Csrf-Token", "c1", "X-Auth-Token", "REDACTED")},
		},
		{
			name: "Keep a query parameter, form field and JSON member",
			opts: []Option{Keep("token")},
			in:   cassette.Request{URL: "https://h/p?token=t&access_token=a", Body: []byte(`{"token":"t","password":"p"}`)},
			want: cassette.Request{URL: "https://h/p?token=t&access_token=REDACTED", Body: []byte(`{"token":"t","password":"REDACTED"}`)},
		},
		{
			name: "Keep does not undo a user filter",
			opts: []Option{Keep("X-Api-Key"), Header("X-Api-Key")},
			in:   cassette.Request{URL: "https://h/", Headers: hdr("X-Api-Key", "k")},
			want: cassette.Request{URL: "https://h/", Headers: hdr("X-Api-Key", "REDACTED")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustNew(t, tt.opts...)
			got := r.Request(tt.in)
			assert.DeepEqual(t, got, tt.want)
		})
	}
}

func TestKeepSetCookie(t *testing.T) {
	r := mustNew(t, Keep("Set-Cookie"))
	in := cassette.Response{Code: 200, Headers: hdr("Set-Cookie", "theme=dark")}
	assert.DeepEqual(t, r.Response(in).Headers, hdr("Set-Cookie", "theme=dark"))
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"empty header", Header(""), `redact: Header(""): the header name is empty`},
		{"empty query param", QueryParam(""), `redact: QueryParam(""): the parameter name is empty`},
		{"empty form field", FormField(""), `redact: FormField(""): the field name is empty`},
		{"nil pattern", Pattern(nil, "<X>"), `redact: Pattern(nil, "<X>"): the regular expression is nil`},
		{"empty placeholder", Pattern(regexp.MustCompile(`x`), ""), `the placeholder is empty`},
		{"empty match", Pattern(regexp.MustCompile(`\d*`), "<N>"), `the expression matches the empty string`},
		{"matches its placeholder", Pattern(regexp.MustCompile(`[A-Z]+`), "<ID>"), `the expression matches its own placeholder`},
		{"secret without placeholder", Secret("", func() string { return "x" }), `redact: Secret("", ...): the placeholder is empty`},
		{"secret without function", Secret("<X>", nil), `redact: Secret("<X>", nil): the value function is nil`},
		{"empty allow", Allow(""), `redact: Allow(""): the value is empty`},
		{"empty allow field", AllowField(""), `redact: AllowField(""): the field is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opt)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestNewJoinsErrorsAndSkipsNil(t *testing.T) {
	_, err := New(nil, Header(""), QueryParam(""))
	assert.Error(t, err, "redact: Header(\"\"): the header name is empty\nredact: QueryParam(\"\"): the parameter name is empty")
}

func TestContentLengthFollowsTheBody(t *testing.T) {
	r := Default()
	body := `{"password":"correct horse battery staple"}`
	in := cassette.Request{URL: "https://h/", Headers: hdr("Content-Length", "43"), Body: []byte(body)}
	got := r.Request(in)
	assert.Equal(t, string(got.Body), `{"password":"REDACTED"}`)
	assert.DeepEqual(t, got.Headers, http.Header{"Content-Length": {"23"}})
}
