package expiry

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestRuleMatching(t *testing.T) {
	users := Rule{Pattern: "api.example.com/users/*", Expire: After(24 * time.Hour)}
	static := Rule{Pattern: "*/static/*", Expire: Never}
	anyAPI := Rule{Pattern: "api.example.com/**", Expire: After(time.Hour)}
	local := Rule{Pattern: "127.0.0.1:*/**", Expire: After(time.Minute)}
	port := Rule{Pattern: "api.example.com:8443/**", Expire: After(2 * time.Minute)}
	search := Rule{Pattern: `api.example.com/search\?q=go*`, Expire: After(3 * time.Minute)}
	v6 := Rule{Pattern: `\[::1\]:*/**`, Expire: After(4 * time.Minute)}
	policy := Policy{Rules: []Rule{users, static, search, port, anyAPI, local, v6}}
	assert.NilError(t, policy.Validate())

	tests := []struct {
		name, url string
		want      Rule
		none      bool
	}{
		{name: "glob in last segment", url: "https://api.example.com/users/42", want: users},
		{name: "star does not cross a slash", url: "https://api.example.com/users/42/repos", want: anyAPI},
		{name: "query ignored by a path pattern", url: "https://api.example.com/users/42?page=2", want: users},
		{name: "query with slashes ignored by a path pattern", url: "https://api.example.com/users/42?next=/a/b", want: users},
		{name: "pattern on the query", url: "https://api.example.com/search?q=golang", want: search},
		{name: "query pattern needs that query", url: "https://api.example.com/search?q=rust", want: anyAPI},
		{name: "star host", url: "https://cdn.example.net/static/app.js", want: static},
		{name: "star host, deeper path", url: "https://cdn.example.net/v1/static/app.js", none: true},
		{name: "host is case-insensitive", url: "https://API.Example.COM/users/1", want: users},
		{name: "path is case-sensitive", url: "https://api.example.com/Users/1", want: anyAPI},
		{name: "default https port dropped", url: "https://api.example.com:443/users/1", want: users},
		{name: "default http port dropped", url: "http://api.example.com:80/users/1", want: users},
		{name: "port 80 kept for https", url: "https://api.example.com:80/users/1", none: true},
		{name: "other port kept", url: "https://api.example.com:8443/users/1", want: port},
		{name: "host without port does not match a port pattern", url: "http://127.0.0.1/x", none: true},
		{name: "httptest server", url: "http://127.0.0.1:53117/v1/items?id=3", want: local},
		{name: "IPv6 host", url: "http://[::1]:8080/x", want: v6},
		{name: "scheme is not part of the match", url: "ftp://api.example.com/users/1", want: users},
		{name: "empty path is slash", url: "https://api.example.com", want: anyAPI},
		{name: "fragment ignored", url: "https://api.example.com/users/1#top", want: users},
		{name: "userinfo ignored", url: "https://bob:pw@api.example.com/users/1", want: users},
		{name: "escaped path matched as sent", url: "https://api.example.com/users/a%2Fb", want: users},
		{name: "no match falls through", url: "https://other.example.org/users/1", none: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, err := url.Parse(tc.url)
			assert.NilError(t, err)
			got, ok := policy.rule(u)
			assert.Equal(t, ok, !tc.none, "matched %+v", got)
			assert.DeepEqual(t, got, tc.want)
		})
	}
}

func TestRuleFirstMatchWins(t *testing.T) {
	broad := Rule{Pattern: "api.example.com/**", Expire: After(time.Hour)}
	narrow := Rule{Pattern: "api.example.com/users/*", Expire: After(24 * time.Hour)}
	u := &url.URL{Scheme: "https", Host: "api.example.com", Path: "/users/1"}

	got, _ := Policy{Rules: []Rule{narrow, broad}}.rule(u)
	assert.DeepEqual(t, got, narrow)
	got, _ = Policy{Rules: []Rule{broad, narrow}}.rule(u)
	assert.DeepEqual(t, got, broad)
}

func TestRuleNoRulesAndNilURL(t *testing.T) {
	_, ok := Policy{}.rule(&url.URL{Host: "x", Path: "/"})
	assert.Assert(t, !ok)
	_, ok = Policy{Rules: []Rule{{Pattern: "**"}}}.rule(nil)
	assert.Assert(t, !ok)
}

func TestInvalidPatternMatchesNothing(t *testing.T) {
	p := Policy{Rules: []Rule{{Pattern: "api.example.com/[", Expire: After(time.Hour)}, {Pattern: "**", Expire: After(time.Minute)}}}
	got, ok := p.rule(&url.URL{Scheme: "https", Host: "api.example.com", Path: "/["})
	assert.Assert(t, ok)
	assert.Equal(t, got.Pattern, "**")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		rules []Rule
		want  string
	}{
		{name: "empty", rules: []Rule{{Pattern: ""}},
			want: `expiry rule 0 "": bad URL pattern: the pattern is empty; use "**" to match every URL`},
		{name: "scheme", rules: []Rule{{Pattern: "**"}, {Pattern: "https://api.example.com/*"}},
			want: `expiry rule 1 "https://api.example.com/*": bad URL pattern: patterns match the URL without its scheme; write "api.example.com/*"`},
		{name: "unclosed class", rules: []Rule{{Pattern: "api.example.com/[a-z"}},
			want: `expiry rule 0 "api.example.com/[a-z": bad URL pattern: not a valid glob`},
		{name: "unclosed brace", rules: []Rule{{Pattern: "api.example.com/{a,b"}},
			want: `expiry rule 0 "api.example.com/{a,b": bad URL pattern: not a valid glob`},
		{name: "trailing backslash", rules: []Rule{{Pattern: `api.example.com/\`}},
			want: `expiry rule 0 "api.example.com/\\": bad URL pattern: not a valid glob`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Policy{Rules: tc.rules}.Validate()
			assert.ErrorContains(t, err, tc.want)
			assert.Assert(t, errors.Is(err, ErrBadPattern))
		})
	}
}

func TestValidateReportsEveryBadRule(t *testing.T) {
	err := Policy{Rules: []Rule{{Pattern: "["}, {Pattern: "ok/*"}, {Pattern: ""}}}.Validate()
	assert.ErrorContains(t, err, `expiry rule 0 "["`)
	assert.ErrorContains(t, err, `expiry rule 2 ""`)
}

func TestValidateAcceptsGoodPolicies(t *testing.T) {
	assert.NilError(t, Policy{}.Validate())
	assert.NilError(t, Policy{Rules: []Rule{
		{Pattern: "api.example.com/users/*"},
		{Pattern: "*/static/*"},
		{Pattern: "{api,www}.example.com/**"},
		{Pattern: `api.example.com/search\?q=*`},
	}}.Validate())
}
