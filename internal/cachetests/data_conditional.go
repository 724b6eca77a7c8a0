package cachetests

// ims is an If-Modified-Since offset seconds from the previous response's
// clock.
func ims(offset int, rfc850 bool) Header {
	hd := at("If-Modified-Since", offset)
	hd.RFC850 = rfc850
	return hd
}

// answer304 is a conditional request the cache must answer with 304 itself.
func answer304(hs ...Header) Request {
	return Request{Headers: hs, Expect: Cached, ExpectStatus: 304}
}

// Conditional requests with If-Modified-Since (conditional-lm.mjs).
var conditionalLM = Suite{File: "conditional-lm", Cases: []Case{
	{ID: "conditional-lm-fresh", Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{RespHeaders: reqh(at("Last-Modified", -3000))}), answer304(ims(-3000, false))}},
	{ID: "conditional-lm-fresh-earlier", Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{RespHeaders: reqh(at("Last-Modified", -3000))}), answer304(ims(-2000, false))}},
	{ID: "conditional-lm-stale", Kind: Optimal, DependsOn: deps("freshness-max-age-stale"), Requests: []Request{
		becomesStale(Request{RespHeaders: reqh(at("Last-Modified", -3000))}),
		{Headers: reqh(ims(-3000, false)), Expect: DateChecked, ExpectStatus: 304}}},
	{ID: "conditional-lm-fresh-no-lm", Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{}), func() Request { r := answer304(ims(-3000, false)); r.SetupChecks = []string{"type"}; return r }()}},
	{ID: "conditional-lm-fresh-rfc850", Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{RespHeaders: reqh(at("Last-Modified", -3000))}), func() Request { r := answer304(ims(-3000, true)); r.SetupChecks = []string{"type"}; return r }()}},
}}

// etagged is a fresh response with the ETag etag.
func etagged(etag string) Request {
	return fresh(Request{RespHeaders: reqh(h("ETag", etag))})
}

// inm304 is a case whose stored ETag is etag and whose conditional request
// sends inm.
func inm304(id string, kind Kind, dep, etag, inm string, expect ...Header) Case {
	r := answer304(h("If-None-Match", inm))
	r.ExpectHeaders = expect
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{etagged(etag), r}}
}

// generates is a stale response with etag, which the cache must
// revalidate sending want.
func generates(id string, kind Kind, dep, etag, want string) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{
		becomesStale(Request{RespHeaders: reqh(h("ETag", etag))}),
		{ExpectReqHeaders: reqh(h("If-None-Match", want)), Expect: ETagChecked}}}
}

// Conditional requests with If-None-Match (conditional-etag.mjs).
var conditionalETag = Suite{File: "conditional-inm", Cases: []Case{
	inm304("conditional-etag-strong-respond", Optimal, "freshness-max-age", `"abcdef"`, `"abcdef"`),
	inm304("conditional-304-etag", Required, "conditional-etag-strong-respond", `"abcdef"`, `"abcdef"`, h("ETag", `"abcdef"`)),
	{ID: "conditional-etag-precedence", DependsOn: deps("conditional-etag-strong-respond"), Requests: []Request{
		fresh(Request{RespHeaders: reqh(at("Last-Modified", -5000), h("ETag", `"abcdef"`))}),
		answer304(h("If-None-Match", `"abcdef"`), ims(-10000, false))}},
	inm304("conditional-etag-strong-respond-obs-text", Check, "conditional-etag-strong-respond", "\"abcdef\u00fc\"", "\"abcdef\u00fc\"", h("ETag", "\"abcdef\u00fc\"")),
	inm304("conditional-etag-quoted-respond-unquoted", Check, "conditional-etag-strong-respond", `"abcdef"`, `abcdef`),
	inm304("conditional-etag-unquoted-respond-unquoted", Check, "conditional-etag-strong-respond", `abcdef`, `abcdef`),
	inm304("conditional-etag-unquoted-respond-quoted", Check, "conditional-etag-strong-respond", `abcdef`, `"abcdef"`),
	inm304("conditional-etag-weak-respond", Optimal, "freshness-max-age", `W/"abcdef"`, `W/"abcdef"`),
	inm304("conditional-etag-weak-respond-lowercase", Check, "conditional-etag-weak-respond", `w/"abcdef"`, `w/"abcdef"`),
	inm304("conditional-etag-weak-respond-backslash", Check, "conditional-etag-weak-respond", `W\"abcdef"`, `W\"abcdef"`),
	inm304("conditional-etag-weak-respond-omit-slash", Check, "conditional-etag-weak-respond", `W"abcdef"`, `W"abcdef"`),
	inm304("conditional-etag-strong-respond-multiple-first", Optimal, "conditional-etag-strong-respond", `"abcdef"`, `"abcdef", "1234", "5678"`),
	inm304("conditional-etag-strong-respond-multiple-second", Optimal, "conditional-etag-strong-respond", `"abcdef"`, `"1234", "abcdef", "5678"`),
	inm304("conditional-etag-strong-respond-multiple-last", Optimal, "conditional-etag-strong-respond", `"abcdef"`, `"1234", "5678", "abcdef"`),
	{ID: "conditional-etag-vary-headers", Requests: []Request{
		{Headers: reqh(h("Abc", "123")), RespHeaders: reqh(at("Expires", 1), h("ETag", `"abcdef"`), at("Date", 0), h("Vary", "Abc")), Setup: true, Pause: pause},
		{Headers: reqh(h("Abc", "123")), Expect: ETagChecked, ExpectReqHeaders: reqh(h("Abc", "123")), SetupChecks: []string{"type"}}}},
	{ID: "conditional-etag-vary-headers-mismatch", Kind: Check, DependsOn: deps("conditional-etag-vary-headers", "vary-no-match"), Requests: []Request{
		{Headers: reqh(h("Abc", "123")), RespHeaders: reqh(at("Expires", 10000), h("ETag", `"abcdef"`), at("Date", 0), h("Vary", "Abc")), Setup: true, Pause: pause},
		{Headers: reqh(h("Abc", "456")), ExpectReqHeaders: reqh(h("If-None-Match", `"abcdef"`))}}},
	generates("conditional-etag-strong-generate", Optimal, "freshness-max-age-stale", `"abcdef"`, `"abcdef"`),
	generates("conditional-etag-weak-generate-weak", Optimal, "freshness-max-age-stale", `W/"abcdef"`, `W/"abcdef"`),
	generates("conditional-etag-strong-generate-unquoted", Check, "conditional-etag-strong-generate", `abcdef`, `"abcdef"`),
	{ID: "conditional-etag-forward", Kind: Check, Requests: []Request{
		{Headers: reqh(h("If-None-Match", `"abcdef"`)), ExpectReqHeaders: reqh(h("If-None-Match", `"abcdef"`))}}},
	{ID: "conditional-etag-forward-unquoted", Kind: Check, DependsOn: deps("conditional-etag-forward"), Requests: []Request{
		{Headers: reqh(h("If-None-Match", `abcdef`)), ExpectReqHeaders: reqh(h("If-None-Match", `"abcdef"`))}}},
}}
