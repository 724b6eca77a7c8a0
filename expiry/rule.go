package expiry

import (
	"fmt"
	"strings"
)

// ParseRule reads a Rule as a person types it on a command line or in a
// configuration file: a pattern, "=", and an expiration in the forms
// ParseExpiration accepts.
//
//	api.example.com/users/*=24h
//	*/static/**=never
//	auth.example.com/**=do-not-record
//
// The expiration is what follows the last "=", so a pattern may contain
// "=" (`api.example.com/search\?q=*=1h`). Spaces around either part are
// ignored. The pattern is checked as Policy.Validate checks it; an error
// wraps ErrBadPattern or ErrBadExpiration.
func ParseRule(s string) (Rule, error) {
	i := strings.LastIndex(s, "=")
	if i < 0 {
		return Rule{}, fmt.Errorf("expiry rule %q: no \"=\": write pattern=expiration, such as api.example.com/users/*=24h", s)
	}
	pattern := strings.TrimSpace(s[:i])
	if err := validatePattern(pattern); err != nil {
		return Rule{}, fmt.Errorf("expiry rule %q: %w", s, err)
	}
	e, err := ParseExpiration(s[i+1:])
	if err != nil {
		return Rule{}, fmt.Errorf("expiry rule %q: %w", s, err)
	}
	return Rule{Pattern: pattern, Expire: e}, nil
}

// String returns the form ParseRule reads back: pattern=expiration.
func (r Rule) String() string {
	return r.Pattern + "=" + r.Expire.String()
}
