package expiry

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// A Verdict is what Check says about one recorded interaction at one moment.
type Verdict struct {
	// Stale reports whether the interaction must not be replayed as it is:
	// its Age has reached its lifetime (Expire.TTL), or Expire is
	// DoNotRecord. An interaction is fresh while Age < TTL, so it is stale
	// at the exact moment of expiry, and Immediately is stale at once.
	Stale bool

	// Revalidate reports whether a stale interaction can be refreshed with
	// a conditional request, because its response has an ETag or a valid
	// Last-Modified: send the headers Conditional returns, and on
	// 304 Not Modified keep the recorded response. It is false when the
	// interaction is fresh or Expire is DoNotRecord.
	Revalidate bool

	// Expire is the expiration the deciding level gave. Expire.TTL() is the
	// freshness lifetime (none for Never and DoNotRecord). DoNotRecord
	// means the request must go to the network and the interaction should
	// not be in the cassette at all.
	Expire Expiration

	// Level is the precedence level that decided, and Source names the
	// exact setting for log lines, e.g. `rule "api.example.com/*"`,
	// "response Cache-Control max-age", "session default".
	Level  Level
	Source string

	// Age is how old the recorded response is: the time since it was
	// recorded, plus, when Policy.HonorResponseHeaders is set, the age it
	// already had then (from its Age and Date headers, RFC 9111 §4.2.3).
	// It is never negative.
	Age time.Duration

	// ExpiresAt is when the interaction stops (or stopped) being fresh; the
	// zero time when Expire is Never or DoNotRecord.
	ExpiresAt time.Time

	// MustRevalidate reports, under Policy.HTTPCache, that a stale
	// response must not be served without a successful revalidation, not
	// even when the server cannot be reached: its Cache-Control says
	// must-revalidate or no-cache (RFC 9111 §4.2.4).
	MustRevalidate bool

	// WhileRevalidate reports, under Policy.HTTPCache, that the stale
	// response is still within its stale-while-revalidate window (RFC 5861
	// §3): a cache may serve it while it revalidates it in the background.
	WhileRevalidate bool
}

// String describes the verdict for a log line, e.g.
//
//	stale: age 2h, rule "api.example.com/*"=1h, expired 1h ago
//	fresh: age 10m, response Cache-Control max-age=1h, expires in 50m
//	fresh: age 3d, session default=never
//	do-not-record: rule "auth.example.com/**"=do-not-record
//
// Durations are rounded to the second. Prefix it with the request:
// fmt.Sprintf("%s %s %v", method, url, v).
func (v Verdict) String() string {
	if v.Expire == DoNotRecord {
		return fmt.Sprintf("do-not-record: %s=%v", v.Source, v.Expire)
	}
	state := "fresh"
	if v.Stale {
		state = "stale"
	}
	age := v.Age.Round(time.Second)
	s := fmt.Sprintf("%s: age %s, %s=%v", state, formatDuration(age), v.Source, v.Expire)
	ttl, ok := v.Expire.TTL()
	switch {
	case !ok:
		return s
	case v.Stale:
		return s + ", expired " + formatDuration(max(v.Age-ttl, 0).Round(time.Second)) + " ago"
	default:
		return s + ", expires in " + formatDuration((ttl - v.Age).Round(time.Second))
	}
}

// Check decides whether the recorded interaction in is stale at now, for
// the live request req it would answer. It is a pure function of its
// arguments: expiry is computed from in.RecordedAt, the policy as it is now
// and the given clock, so changing a rule takes effect without
// re-recording.
//
// req may be nil, e.g. in a tool that lists the staleness of a cassette
// without sending anything: the two levels that come from the live request
// (its Cache-Control header and its context's WithExpiration) are then
// skipped. URL rules always match the recorded URL, in.Request.URL, so a
// verdict with and without req uses the same rule. in must not be nil.
func (p Policy) Check(req *http.Request, in *cassette.Interaction, now time.Time) Verdict {
	if p.HTTPCache {
		return p.checkCache(req, in, now)
	}
	conf := p.configuredRaw(req, in.Request.URL)
	reqD, hasReq := requestDecision(req)
	var respD decision
	var hasResp bool
	if p.HonorResponseHeaders {
		respD, hasResp = responseDecision(&in.Response, in.RecordedAt)
	}
	d := decide(conf, reqD, hasReq, respD, hasResp)

	age := now.Sub(in.RecordedAt)
	if p.HonorResponseHeaders {
		age = addSat(age, initialAge(in))
	}
	v := Verdict{
		Expire: d.expire,
		Level:  d.level,
		Source: d.label(),
		Age:    max(age, 0),
	}
	if d.expire == DoNotRecord {
		v.Stale = true
		return v
	}
	ttl, ok := d.expire.TTL()
	if !ok {
		return v // Never
	}
	v.ExpiresAt = now.Add(addSat(ttl, -age))
	v.Stale = v.Age >= ttl
	if v.Stale {
		etag, lastModified := validators(in)
		v.Revalidate = etag != "" || lastModified != ""
	}
	return v
}

// Store reports whether an interaction for the live request req may be
// written to a cassette. It is false when any level that has a say
// decides DoNotRecord: req's "Cache-Control: no-store", resp's
// "Cache-Control: no-store" when Policy.HonorResponseHeaders is set, or
// the configured expiration (req's context, else the first rule matching
// req.URL, else the default) being DoNotRecord.
//
// Call it twice: before sending, with resp nil, to learn whether the
// request passes straight through to the network (neither replayed nor
// recorded); after the response arrives, with it, to learn whether to
// write it. req may be nil, which skips the request levels and URL rules.
func (p Policy) Store(req *http.Request, resp *cassette.Response) bool {
	var conf decision
	var reqD, respD decision
	var hasReq, hasResp bool
	if req != nil {
		u := req.URL
		if !p.vetoes() {
			u = nil // no rule can say DoNotRecord, so which one matches does not matter
		}
		conf = p.configured(req, u)
		reqD, hasReq = requestDecision(req)
	} else {
		conf = p.configured(nil, nil)
	}
	switch {
	case p.HTTPCache && resp != nil:
		if !cacheStorable(resp) {
			return false
		}
		respD, hasResp = cacheDecision(resp, time.Time{}), true
	case p.HonorResponseHeaders && resp != nil:
		respD, hasResp = responseDecision(resp, time.Time{})
	}
	return decide(conf, reqD, hasReq, respD, hasResp).expire != DoNotRecord
}

// checkCache is Check under Policy.HTTPCache (RFC 9111 §4.2 and §5.2.1).
func (p Policy) checkCache(req *http.Request, in *cassette.Interaction, now time.Time) Verdict {
	conf := p.configuredRaw(req, in.Request.URL)
	var rd directives
	var reqD decision
	var hasReq bool
	if req != nil {
		rd = parseCacheControl(req.Header, false)
		switch {
		case rd.noStore:
			reqD, hasReq = decision{expire: DoNotRecord, level: RequestHeaders, source: "request Cache-Control no-store"}, true
		case rd.noCache:
			reqD, hasReq = decision{expire: Immediately, level: RequestHeaders, source: "request Cache-Control no-cache"}, true
		}
	}
	d := decide(conf, reqD, hasReq, cacheDecision(&in.Response, in.RecordedAt), true)
	age := max(addSat(now.Sub(in.RecordedAt), initialAge(in)), 0)
	v := Verdict{Expire: d.expire, Level: d.level, Source: d.label(), Age: age, MustRevalidate: mustRevalidate(&in.Response)}
	if d.expire == DoNotRecord {
		v.Stale = true
		return v
	}
	ttl, _ := d.expire.TTL()
	v.ExpiresAt = now.Add(addSat(ttl, -age))
	v.Stale = age >= ttl
	switch {
	case rd.hasMaxAge && age > rd.maxAge:
		v.Stale, v.Source = true, "request Cache-Control max-age"
	case rd.minFresh > 0 && addSat(age, rd.minFresh) >= ttl:
		v.Stale, v.Source = true, "request Cache-Control min-fresh"
	case v.Stale && rd.hasMaxStale && !v.MustRevalidate && !hasReq && (rd.anyStale || age-ttl <= rd.maxStale):
		// The client accepts this much staleness (§5.2.1.2).
		v.Stale, v.Source = false, "request Cache-Control max-stale"
	}
	if v.Stale {
		etag, lastModified := validators(in)
		v.Revalidate = etag != "" || lastModified != ""
		swr := parseCacheControl(in.Response.Headers, true).staleWhileRevalidate
		v.WhileRevalidate = swr > 0 && !v.MustRevalidate && !hasReq && !rd.hasMaxAge && rd.minFresh == 0 &&
			age < addSat(ttl, swr)
	}
	return v
}

// OnlyIfCached reports whether req says Cache-Control: only-if-cached: it
// wants a stored response or none, never one from the network (RFC 9111
// §5.2.1.7).
func OnlyIfCached(req *http.Request) bool {
	return req != nil && parseCacheControl(req.Header, false).onlyIfCached
}
