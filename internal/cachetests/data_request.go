package cachetests

// reqCase is a stored response with headers first, then a request with
// the request headers second, answered as want says.
func reqCase(id string, kind Kind, dep string, first Request, want Expect, second ...Header) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{first, {Headers: second, Expect: want}}}
}

// Cache-Control request directives (cc-request.mjs).
var ccRequest = Suite{File: "cc-request", Cases: []Case{
	reqCase("ccreq-ma0", Check, "freshness-max-age", fresh(Request{}), NotCached, h("Cache-Control", "max-age=0")),
	reqCase("ccreq-ma1", Check, "freshness-max-age", fresh(Request{}), NotCached, h("Cache-Control", "max-age=1")),
	reqCase("ccreq-magreaterage", Check, "freshness-max-age", setupWith(h("Cache-Control", "max-age=100000"), at("Date", 0), h("Age", "1800")), NotCached, h("Cache-Control", "max-age=600")),
	reqCase("ccreq-max-stale", Check, "freshness-max-age-stale", becomesStale(Request{}), Cached, h("Cache-Control", "max-stale=1000")),
	reqCase("ccreq-max-stale-age", Check, "freshness-max-age", setupNoPause(h("Cache-Control", "max-age=1500"), h("Age", "2000")), Cached, h("Cache-Control", "max-stale=1000")),
	reqCase("ccreq-min-fresh", Check, "freshness-max-age", setupNoPause(h("Cache-Control", "max-age=1500")), NotCached, h("Cache-Control", "min-fresh=2000")),
	reqCase("ccreq-min-fresh-age", Check, "freshness-max-age", setupNoPause(h("Cache-Control", "max-age=1500"), h("Age", "1000")), NotCached, h("Cache-Control", "min-fresh=1000")),
	reqCase("ccreq-no-cache", Check, "freshness-max-age", setupNoPause(h("Cache-Control", "max-age=3600")), NotCached, h("Cache-Control", "no-cache")),
	reqCase("ccreq-no-cache-lm", Check, "freshness-max-age", setupNoPause(h("Cache-Control", "max-age=3600"), at("Last-Modified", -10000), at("Date", 0)), DateChecked, h("Cache-Control", "no-cache")),
	reqCase("ccreq-no-cache-etag", Check, "freshness-max-age", setupNoPause(h("Cache-Control", "max-age=3600"), h("ETag", `"aiqygowemucksai"`)), ETagChecked, h("Cache-Control", "no-cache")),
	reqCase("ccreq-no-store", Check, "freshness-max-age", fresh(Request{}), NotCached, h("Cache-Control", "no-store")),
	{ID: "ccreq-oic", Kind: Check, Requests: []Request{
		{Headers: reqh(h("Cache-Control", "only-if-cached")), ExpectStatus: 504, NoBodyCheck: true}}},
}}

// Pragma (pragma.mjs).
var pragma = Suite{File: "pragma", Cases: []Case{
	reqCase("pragma-request-no-cache", Check, "freshness-max-age", fresh(Request{}), Cached, h("Pragma", "no-cache")),
	reqCase("pragma-request-extension", Check, "freshness-max-age", fresh(Request{}), Cached, h("Pragma", "unrecognised-extension")),
	maxAgeNoPause("pragma-response-no-cache", Check, "freshness-max-age", Cached, h("Cache-Control", "max-age=3600"), h("Pragma", "no-cache")),
	maxAgeNoPause("pragma-response-no-cache-heuristic", Check, "heuristic-200-cached", Cached, at("Date", 0), at("Last-Modified", -10000), h("Pragma", "no-cache")),
	maxAgeNoPause("pragma-response-extension", Check, "freshness-max-age", Cached, h("Cache-Control", "max-age=3600"), h("Pragma", "unrecognised-extension")),
}}

// varies is the response every Vary case stores: fresh, with Vary: v.
func varies(v ...Header) []Header {
	return append([]Header{h("Cache-Control", "max-age=5000"), at("Last-Modified", -3000), at("Date", 0)}, v...)
}

// varyCase sends first, with a response that varies as vary says, then
// second, which must be answered as want says.
func varyCase(id string, kind Kind, dep string, first []Header, vary []Header, want Expect, second []Header) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{
		{Headers: first, RespHeaders: varies(vary...), Setup: true},
		{Headers: second, Expect: want}}}
}

var (
	foo1      = reqh(h("Foo", "1"))
	fooBar    = reqh(h("Foo", "1"), h("Bar", "abc"))
	fooBarBaz = reqh(h("Foo", "1"), h("Bar", "abc"), h("Baz", "789"))
	fooBaz    = reqh(h("Foo", "1"), h("Baz", "789"))
)

// Vary (vary.mjs).
var vary = Suite{File: "vary", Cases: []Case{
	varyCase("vary-match", Optimal, "freshness-max-age", foo1, reqh(h("Vary", "Foo")), Cached, foo1),
	varyCase("vary-no-match", Required, "vary-match", foo1, reqh(h("Vary", "Foo")), NotCached, reqh(h("Foo", "2"))),
	varyCase("vary-omit-stored", Required, "vary-match", nil, reqh(h("Vary", "Foo")), NotCached, foo1),
	varyCase("vary-omit", Required, "vary-match", foo1, reqh(h("Vary", "Foo")), NotCached, nil),
	{ID: "vary-invalidate", Kind: Optimal, DependsOn: deps("vary-match"), Requests: []Request{
		{Headers: foo1, RespHeaders: varies(h("Vary", "Foo")), Setup: true, RespBody: text("aaaaaaaaaaaaaaa")},
		{Headers: reqh(h("Foo", "2")), RespHeaders: varies(h("Vary", "Foo")), Expect: NotCached, RespBody: text("abcdefghijklmno"), Setup: true},
		{Headers: foo1, RespBody: text("aaaaaaaaaaaaaaa"), Expect: Cached}}},
	varyCase("vary-cache-key", Optimal, "vary-match", reqh(h("Foo", "1"), h("Other", "2")), reqh(h("Vary", "Foo")), Cached, reqh(h("Foo", "1"), h("Other", "3"))),
	varyCase("vary-2-match", Optimal, "vary-match", fooBar, reqh(hu("Vary", "Foo, Bar")), Cached, fooBar),
	varyCase("vary-2-no-match", Required, "vary-2-match", fooBar, reqh(hu("Vary", "Foo, Bar")), NotCached, reqh(h("Foo", "2"), h("Bar", "abc"))),
	varyCase("vary-2-match-omit", Required, "vary-2-match", fooBar, reqh(hu("Vary", "Foo, Bar")), NotCached, nil),
	varyCase("vary-3-match", Optimal, "vary-2-match", fooBarBaz, reqh(hu("Vary", "Foo, Bar, Baz")), Cached, fooBarBaz),
	varyCase("vary-3-no-match", Required, "vary-3-match", fooBarBaz, reqh(hu("Vary", "Foo, Bar, Baz")), NotCached, reqh(h("Foo", "2"), h("Bar", "abc"), h("Baz", "789"))),
	varyCase("vary-3-order", Required, "vary-3-match", fooBarBaz, reqh(hu("Vary", "Foo, Bar, Baz")), NotCached, reqh(h("Foo", "1"), h("Baz", "789"), h("Bar", "abcde"))),
	varyCase("vary-3-omit", Optimal, "vary-3-match", fooBaz, reqh(hu("Vary", "Foo, Bar, Baz")), Cached, fooBaz),
	{ID: "vary-star", Requests: []Request{
		{Headers: fooBaz, RespHeaders: varies(h("Vary", "*")), Setup: true},
		{Headers: fooBaz, Expect: NotCached}}},
	varyCase("vary-normalise-combine", Optimal, "vary-match", reqh(h("Foo", "1, 2")), reqh(h("Vary", "Foo")), Cached, reqh(h("Foo", "1"), h("Foo", "2"))),
	varyCase("vary-normalise-lang-order", Optimal, "vary-match", reqh(h("Accept-Language", "en, de")), reqh(h("Vary", "Accept-Language")), Cached, reqh(h("Accept-Language", "de, en"))),
	varyCase("vary-normalise-lang-case", Optimal, "vary-match", reqh(h("Accept-Language", "en, de")), reqh(h("Vary", "Accept-Language")), Cached, reqh(h("Accept-Language", "eN, De"))),
	varyCase("vary-normalise-lang-space", Optimal, "vary-match", reqh(h("Accept-Language", "en, de")), reqh(h("Vary", "Accept-Language")), Cached, reqh(h("Accept-Language", " en ,   de"))),
	varyCase("vary-normalise-lang-select", Optimal, "vary-match", reqh(h("Accept-Language", "en, de")), reqh(h("Vary", "Accept-Language"), h("Content-Language", "de")), Cached, reqh(h("Accept-Language", "fr;q=0.5, de;q=1.0"))),
	varyCase("vary-normalise-space", Optimal, "vary-match", reqh(h("Foo", "1,2")), reqh(h("Vary", "Foo")), Cached, reqh(h("Foo", " 1, 2 "))),
}}

// varyStar is a response whose Vary lines contain a "*".
func varyStar(id string, lines ...string) Case {
	var vs []Header
	for _, l := range lines {
		vs = append(vs, hu("Vary", l))
	}
	return varyCase(id, Required, "vary-match", fooBaz, vs, NotCached, fooBaz)
}

// Parsing Vary (vary-parse.mjs).
var varyParse = Suite{File: "vary-parse", Cases: []Case{
	varyStar("vary-syntax-star", "*"),
	varyStar("vary-syntax-star-star", "*, *"),
	varyStar("vary-syntax-star-star-lines", "*", "*"),
	varyStar("vary-syntax-empty-star", ", *"),
	varyStar("vary-syntax-empty-star-lines", "", "*"),
	varyStar("vary-syntax-star-foo", "*, Foo"),
	varyStar("vary-syntax-foo-star", "Foo, *"),
}}
