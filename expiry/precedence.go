package expiry

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// A Level is one of the five places an expiration can come from, in
// increasing order of precedence: a higher Level decides over every lower
// one (see the package documentation for the table and the one exception,
// DoNotRecord).
type Level int

const (
	// SessionDefault is Policy.Default.
	SessionDefault Level = iota
	// URLRule is the first of Policy.Rules whose pattern matches the URL.
	URLRule
	// PerRequest is the expiration set with WithExpiration on the live
	// request's context.
	PerRequest
	// ResponseHeaders are the recorded response's Cache-Control, Expires
	// and Date headers, when Policy.HonorResponseHeaders is set.
	ResponseHeaders
	// RequestHeaders are the live request's Cache-Control directives
	// no-store, no-cache and max-age.
	RequestHeaders
)

// String names the level for log lines, e.g. "URL rule".
func (l Level) String() string {
	switch l {
	case SessionDefault:
		return "session default"
	case URLRule:
		return "URL rule"
	case PerRequest:
		return "per-request"
	case ResponseHeaders:
		return "response headers"
	case RequestHeaders:
		return "request headers"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// A decision is what one precedence level says about an interaction.
// source names the setting for messages; for a URL rule it is left empty
// and rule holds the pattern, so that the label, which only Check's
// Verdict needs, is built there and not on every Store.
type decision struct {
	expire Expiration
	level  Level
	source string
	rule   string
}

// label is the decision's source for a Verdict, e.g. `rule "api.example.com/*"`.
func (d decision) label() string {
	if d.level == URLRule && d.source == "" {
		return `rule ` + strconv.Quote(d.rule)
	}
	return d.source
}

// requestDecision is what the live request's Cache-Control says, if
// anything: no-store beats no-cache, which beats max-age (the most
// restrictive directive wins, RFC 9111 §4.2.1).
func requestDecision(req *http.Request) (decision, bool) {
	if req == nil {
		return decision{}, false
	}
	d := parseCacheControl(req.Header, false)
	switch {
	case d.noStore:
		return decision{expire: DoNotRecord, level: RequestHeaders, source: "request Cache-Control no-store"}, true
	case d.noCache:
		return decision{expire: Immediately, level: RequestHeaders, source: "request Cache-Control no-cache"}, true
	case d.hasMaxAge:
		return decision{expire: After(d.maxAge), level: RequestHeaders, source: "request Cache-Control max-age"}, true
	}
	return decision{}, false
}

// configured is what the user's own settings say, highest first: the
// per-request expiration in req's context, the first rule matching u, the
// session default. req and u may be nil.
func (p Policy) configured(req *http.Request, u *url.URL) decision {
	if d, ok := perRequest(req); ok {
		return d
	}
	if r, ok := p.rule(u); ok {
		return decision{expire: r.Expire, level: URLRule, rule: r.Pattern}
	}
	return p.sessionDefault()
}

// configuredRaw is configured for a URL as recorded in a cassette.
func (p Policy) configuredRaw(req *http.Request, raw string) decision {
	if d, ok := perRequest(req); ok {
		return d
	}
	if r, ok := p.ruleRaw(raw); ok {
		return decision{expire: r.Expire, level: URLRule, rule: r.Pattern}
	}
	return p.sessionDefault()
}

func perRequest(req *http.Request) (decision, bool) {
	if req != nil {
		if e, ok := FromContext(req.Context()); ok {
			return decision{expire: e, level: PerRequest, source: "per-request expiration"}, true
		}
	}
	return decision{}, false
}

func (p Policy) sessionDefault() decision {
	return decision{expire: p.Default, level: SessionDefault, source: "session default"}
}

// decide applies the precedence to the levels that have something to say.
// DoNotRecord is a veto: at any level that has a say it wins over the
// freshness of the levels above it, because it is a decision about what
// may be written, not about how long a recording lasts. Among the
// configured levels (context, rule, default) only the highest one that is
// set has a say, so a rule can still override a DoNotRecord default.
func decide(conf decision, req decision, hasReq bool, resp decision, hasResp bool) decision {
	switch {
	case hasReq && req.expire == DoNotRecord:
		return req
	case hasResp && resp.expire == DoNotRecord:
		return resp
	case conf.expire == DoNotRecord:
		return conf
	case hasReq:
		return req
	case hasResp:
		return resp
	}
	return conf
}
