// Package expiry decides when a recorded HTTP interaction is stale and which
// requests must never be recorded. It treats a cassette as an HTTP cache
// with expiration rules, for test fixtures that know when they are out of
// date. Everything here is a pure function of a recorded interaction, the
// live request and a clock you pass in, so expiry is computed when a
// cassette is used, from its recorded_at time and the policy as it is
// then: changing a rule never needs a re-recording.
//
// Most users write a Policy and hand it to the recorder:
//
//	policy := expiry.Policy{
//		Default: expiry.Never,
//		Rules: []expiry.Rule{
//			{Pattern: "api.example.com/users/*", Expire: expiry.After(24 * time.Hour)},
//			{Pattern: "*/static/*", Expire: expiry.Never},
//			{Pattern: "auth.example.com/**", Expire: expiry.DoNotRecord},
//		},
//	}
//	if err := policy.Validate(); err != nil { ... }
//	v := policy.Check(req, interaction, time.Now())
//	if v.Stale { ... re-record, conditionally when v.Revalidate ... }
//
// # Expiration values
//
// Never (the zero value: a Policy{} keeps every fixture forever),
// After(d), Immediately (stale at once, but revalidated rather than thrown
// away when the response has an ETag or Last-Modified) and DoNotRecord (the
// request passes through to the network and nothing about it is written).
// ParseExpiration reads them from text: "never", "24h", "7d", "0",
// "do-not-record"; ParseRule reads a whole rule, "api.example.com/*=24h".
//
// # Precedence
//
// Five levels can give an expiration. The highest level that says anything
// decides, even when a lower level would give a longer or shorter life:
//
//	level                    where it comes from                 what it says
//	1 RequestHeaders         live request's Cache-Control        no-store: DoNotRecord; no-cache or
//	                                                             max-age=0: stale; max-age=N: N seconds
//	2 ResponseHeaders        recorded response, only when        no-store: DoNotRecord; no-cache:
//	  (off by default)       Policy.HonorResponseHeaders         Immediately; max-age=N; else
//	                                                             Expires minus Date
//	3 PerRequest             WithExpiration(req.Context(), e)    e
//	4 URLRule                first matching Policy.Rules entry   its Expire
//	5 SessionDefault         Policy.Default                      Default (zero value: Never)
//
// Levels 3 to 5 are your own settings and only the highest one that is set
// is consulted: a rule overrides the default, a per-request expiration
// overrides both.
//
// DoNotRecord is the one exception to "highest wins": it is about what may
// be written, not about how long a recording lasts, so it is a veto. If
// any consulted level says DoNotRecord, the answer is DoNotRecord, whatever
// the levels above it say about freshness; a server's "max-age=60" cannot
// record what you marked do-not-record.
//
// This is the order aiohttp-client-cache documents. requests-cache ranks
// the two header levels the other way round:
//
//	                     tapedeck / aiohttp-client-cache   requests-cache
//	1 (highest)          request Cache-Control             response Cache-Control (if enabled)
//	2                    response headers (if enabled)     request Cache-Control
//	3                    per-request                       per-request
//	4                    per-URL                           per-URL
//	5 (lowest)           per-session                       per-session
//
// So here a request that says "Cache-Control: no-cache" always gets a
// stale verdict, even from a response that said "max-age=3600".
//
// # HTTP caching semantics
//
// Headers follow RFC 9111 for a private cache. Request directives: no-store,
// no-cache and max-age (max-age=N decides the lifetime outright, as in
// aiohttp-client-cache, rather than only tightening the response's).
// Response directives: no-store, no-cache (a qualified no-cache="field" is
// ignored), max-age; s-maxage applies to shared caches and is ignored.
// Without max-age, the lifetime is Expires minus Date (minus the recording
// time when Date is missing or invalid); an invalid Expires such as "0"
// means already expired (§5.3). When response headers are honored, the age
// of a response includes the age it had when it was recorded (its Age
// header, or how far its Date lies behind the recording, §4.2.3). Every
// other directive is ignored. A malformed directive (max-age=abc) is
// ignored, a duplicate max-age counts by its first valid value, and when
// directives conflict the most restrictive wins (no-store, then no-cache,
// then max-age). Header parsing never fails and never panics.
//
// # Policy.HTTPCache
//
// The rules above suit fixtures and an offline cache. Policy.HTTPCache
// (the recorder's AsHTTPCache preset) follows RFC 9111 strictly instead:
// the response's headers always decide the lifetime, and a response
// without explicit freshness gets 10% of the time since its Last-Modified
// when its status is heuristically cacheable (RFC 9110 §15.1) or it says
// public, and is stale otherwise; a malformed max-age, or an Expires that
// is not an HTTP-date (IMF-fixdate, RFC 850 or asctime; day, month and
// "GMT" in any case), means stale; Store also refuses what §3 forbids
// storing (no-store unless must-understand with a known status, Vary: *,
// a status neither heuristically cacheable nor with explicit freshness).
// The request's max-age and min-fresh only make a response stale sooner,
// max-stale lets a stale one answer unless it says must-revalidate or
// no-cache (Verdict.MustRevalidate), and the configured levels only decide
// DoNotRecord. NotModified evaluates a client's own conditional request
// against a stored response, and OnlyIfCached reads only-if-cached.
//
// # Using a verdict
//
// Policy.Store answers "may this be written?" before a request is sent (a
// false answer means it passes straight through, neither replayed nor
// recorded) and again once its response is known. Policy.Check answers "is
// this recording still good?" and returns a Verdict with the age, the
// lifetime, the expiry time, the level and setting that decided (for a log
// line) and whether the interaction can be revalidated; Conditional gives
// the If-None-Match / If-Modified-Since headers to send. Check takes a nil
// request for tools that list staleness without sending anything; it then
// skips the two levels that come from the live request.
//
// URL rules match the recorded URL in Check, so a verdict is the same with
// and without a live request, and the live request's URL in Store. Call
// Policy.Validate once when a policy is configured: Check and Store skip a
// rule whose pattern is not a valid glob rather than fail.
package expiry
