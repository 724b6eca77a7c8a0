package expiry

import (
	"errors"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestParseRule(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want Rule
	}{
		{name: "duration", in: "api.example.com/users/*=24h",
			want: Rule{Pattern: "api.example.com/users/*", Expire: After(24 * time.Hour)}},
		{name: "days", in: "api.example.com/**=7d", want: Rule{Pattern: "api.example.com/**", Expire: After(7 * 24 * time.Hour)}},
		{name: "never", in: "*/static/**=never", want: Rule{Pattern: "*/static/**", Expire: Never}},
		{name: "immediately", in: "**=0", want: Rule{Pattern: "**", Expire: Immediately}},
		{name: "do-not-record", in: "auth.example.com/**=do-not-record",
			want: Rule{Pattern: "auth.example.com/**", Expire: DoNotRecord}},
		{name: "equals-in-pattern", in: `api.example.com/search\?q=*=1h`,
			want: Rule{Pattern: `api.example.com/search\?q=*`, Expire: After(time.Hour)}},
		{name: "spaces", in: "  api.example.com/*  =  90m ", want: Rule{Pattern: "api.example.com/*", Expire: After(90 * time.Minute)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseRule(tc.in)
			assert.NilError(t, err)
			assert.DeepEqual(t, got, tc.want)
			again, err := ParseRule(got.String())
			assert.NilError(t, err)
			assert.DeepEqual(t, again, got)
		})
	}
}

func TestParseRuleErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		is   error
		err  string
	}{
		{name: "no-equals", in: "api.example.com/*",
			err: `expiry rule "api.example.com/*": no "=": write pattern=expiration, such as api.example.com/users/*=24h`},
		{name: "empty-pattern", in: "=1h", is: ErrBadPattern,
			err: `expiry rule "=1h": bad URL pattern: the pattern is empty; use "**" to match every URL`},
		{name: "scheme", in: "https://api.example.com/*=1h", is: ErrBadPattern,
			err: `expiry rule "https://api.example.com/*=1h": bad URL pattern: patterns match the URL without its scheme; write "api.example.com/*"`},
		{name: "bad-glob", in: "api.example.com/[a=1h", is: ErrBadPattern,
			err: `expiry rule "api.example.com/[a=1h": bad URL pattern: not a valid glob (check unclosed [ or { and a trailing \)`},
		{name: "bad-expiration", in: "api.example.com/*=soon", is: ErrBadExpiration,
			err: `expiry rule "api.example.com/*=soon": bad expiration "soon": it is not a duration; use never, immediately (or 0), do-not-record, or a duration such as 24h, 90m or 7d`},
		{name: "empty-expiration", in: "api.example.com/*=", is: ErrBadExpiration,
			err: `expiry rule "api.example.com/*=": bad expiration "": it is empty; use never, immediately (or 0), do-not-record, or a duration such as 24h, 90m or 7d`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRule(tc.in)
			assert.Error(t, err, tc.err)
			if tc.is != nil {
				assert.Assert(t, errors.Is(err, tc.is), "errors.Is(%v, %v)", err, tc.is)
			}
		})
	}
}
