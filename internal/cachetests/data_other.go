package cachetests

import "net/http"

// invalidates is a fresh stored response, then an unsafe request to the
// same URL answered with status (0: 200), then the first request again.
func invalidates(method string, status int, id string, kind Kind, dep string, want Expect) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{
		fresh(Request{}),
		{Method: method, Body: "abc", Status: status, Setup: true},
		{Expect: want}}}
}

// invalidatesTarget stores a response for file, then sends an unsafe
// request whose response points at file with Location or
// Content-Location, then asks for file again.
func invalidatesTarget(method, id, dep, file string) Case {
	stored := reqh(h("Cache-Control", "max-age=100000"), at("Last-Modified", 0), at("Date", 0))
	return Case{ID: id, Kind: Check, DependsOn: deps(dep), Requests: []Request{
		{Filename: file, RespHeaders: stored, Setup: true},
		{Method: method, Body: "abc", Locations: true, Setup: true,
			RespHeaders: reqh(h("Location", "location_target"), h("Content-Location", "content_location_target"))},
		{Filename: file, RespHeaders: stored, Expect: NotCached}}}
}

// invalidation returns the cases of one unsafe method.
func invalidation(method string) []Case {
	id := "invalidate-" + method
	return []Case{
		invalidates(method, 0, id, Required, "freshness-max-age", NotCached),
		invalidates(method, http.StatusInternalServerError, id+"-failed", Optimal, id, Cached),
	}
}

// Invalidation by unsafe methods (invalidation.mjs).
var invalidationSuite = Suite{File: "invalidation", Cases: concat(
	invalidation(http.MethodPost), invalidation(http.MethodPut), invalidation(http.MethodDelete), invalidation("M-SEARCH"),
	[]Case{
		invalidatesTarget(http.MethodPost, "invalidate-POST-location", "invalidate-POST", "location_target"),
		invalidatesTarget(http.MethodPut, "invalidate-PUT-location", "invalidate-PUT", "location_target"),
		invalidatesTarget(http.MethodDelete, "invalidate-DELETE-location", "invalidate-DELETE", "location_target"),
		invalidatesTarget("M-SEARCH", "invalidate-M-SEARCH-location", "invalidate-M-SEARCH", "location_target"),
		invalidatesTarget(http.MethodPost, "invalidate-POST-cl", "invalidate-POST", "content_location_target"),
		invalidatesTarget(http.MethodPut, "invalidate-PUT-cl", "invalidate-PUT", "content_location_target"),
		invalidatesTarget(http.MethodDelete, "invalidate-DELETE-cl", "invalidate-DELETE", "content_location_target"),
		invalidatesTarget("M-SEARCH", "invalidate-M-SEARCH-cl", "invalidate-M-SEARCH", "content_location_target"),
	})}

func concat(lists ...[]Case) []Case {
	var all []Case
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

// Age, Date, query strings, cookies (other.mjs).
var other = Suite{File: "other", Cases: []Case{
	{ID: "other-age-gen", DependsOn: deps("freshness-max-age"), Requests: []Request{fresh(Request{}), {Expect: Cached, ExpectHeaders: reqh(gt("Age", "2"))}}},
	{ID: "other-age-delay", Kind: Check, Requests: []Request{
		{RespHeaders: reqh(h("Cache-Control", "max-age=3600"), at("Date", 0)), ServerPause: 5 * 1e9, ExpectHeaders: reqh(gt("Age", "0"))}}},
	{ID: "other-age-update-expires", DependsOn: deps("freshness-expires-future"), Requests: []Request{
		setupWith(at("Expires", 2592000), at("Date", 0), h("Age", "30")), {Expect: Cached, ExpectHeaders: reqh(gt("Age", "32"))}}},
	{ID: "other-age-update-max-age", DependsOn: deps("freshness-max-age"), Requests: []Request{
		setupWith(h("Cache-Control", "max-age=100000"), at("Date", 0), h("Age", "30")), {Expect: Cached, ExpectHeaders: reqh(gt("Age", "32"))}}},
	{ID: "other-date-update", DependsOn: deps("freshness-max-age"), Requests: []Request{fresh(Request{}), {Expect: Cached, ExpectHeaders: reqh(at("Date", 0))}}},
	{ID: "other-date-update-expires", DependsOn: deps("freshness-expires-future"), Requests: []Request{
		setupWith(at("Expires", 2592000), at("Date", 0)), {Expect: Cached, ExpectHeaders: reqh(at("Date", 0))}}},
	{ID: "other-date-update-expires-update", Kind: Check, DependsOn: deps("freshness-expires-future"), Requests: []Request{
		setupWith(at("Expires", 2592000), at("Date", 0)), {Expect: Cached, ExpectHeaders: reqh(at("Expires", 2592000))}}},
	{ID: "query-args-different", DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{Query: "test=tapedeck-a"}), {Query: "test=tapedeck-b", Expect: NotCached}}},
	{ID: "query-args-same", Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{Query: "test=tapedeck-b"}), {Query: "test=tapedeck-b", Expect: Cached}}},
	maxAgeNoPause("other-heuristic-content-disposition-attachment", Check, "heuristic-200-cached", Cached,
		at("Last-Modified", -100000), at("Date", 0), h("Content-Disposition", "attachment; filename=example.txt")),
	maxAge("other-fresh-content-disposition-attachment", Check, "freshness-max-age", Cached,
		h("Cache-Control", "max-age=100000"), at("Date", 0), h("Content-Disposition", "attachment; filename=example.txt")),
	maxAge("other-set-cookie", Optimal, "freshness-max-age", Cached, h("Cache-Control", "max-age=100000"), at("Date", 0), h("Set-Cookie", "a=b")),
	{ID: "other-cookie", Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
		fresh(Request{}), {Headers: reqh(h("Cookie", "a=b")), Expect: Cached}}},
}}

// ids are cases listed only by id and kind: every one is skipped (see
// Skips), so only its name is needed.
func ids(kind Kind, names ...string) []Case {
	cs := make([]Case, len(names))
	for i, n := range names {
		cs[i] = Case{ID: n, Kind: kind}
	}
	return cs
}

// Range requests (partial.mjs): all skipped.
var partial = Suite{File: "partial", Cases: concat(
	ids(Optimal, "partial-store-partial-reuse-partial", "partial-store-complete-reuse-partial",
		"partial-store-complete-reuse-partial-no-last", "partial-store-complete-reuse-partial-suffix",
		"partial-store-partial-reuse-partial-byterange", "partial-store-partial-reuse-partial-absent",
		"partial-store-partial-reuse-partial-suffix", "partial-store-partial-complete"),
	ids(Required, "partial-use-headers", "partial-use-stored-headers"))}

// Authorization in a shared cache (authorization.mjs): all skipped.
var auth = Suite{File: "auth", Cases: concat(
	ids(Required, "other-authorization"),
	ids(Optimal, "other-authorization-public", "other-authorization-must-revalidate", "other-authorization-smaxage"))}

// CDN-Cache-Control (cdn-cache-control.mjs): all skipped.
var cdn = Suite{File: "cdn-cache-control", Cases: concat(
	ids(Optimal, "cdn-max-age", "cdn-max-age-max", "cdn-max-age-max-plus", "cdn-max-age-extension", "cdn-max-age-expires",
		"cdn-max-age-cc-max-age-invalid-expires", "cdn-max-age-short-cc-max-age"),
	ids(Required, "cdn-max-age-age", "cdn-max-age-0", "cdn-max-age-0-expires", "cdn-max-age-long-cc-max-age", "cdn-private",
		"cdn-no-cache", "cdn-no-store-cc-fresh", "cdn-fresh-cc-nostore", "cdn-cc-invalid-sh-type-unknown", "cdn-cc-invalid-sh-type-wrong"),
	ids(Check, "cdn-max-age-space-before-equals", "cdn-max-age-space-after-equals", "cdn-max-age-case-insensitive",
		"cdn-remove-header", "cdn-remove-age-exceed", "cdn-date-update-exceed", "cdn-expires-update-exceed"))}

// Interim responses (interim.mjs): all skipped.
var interim = Suite{File: "interim", Cases: concat(
	ids(Optimal, "interim-102", "interim-103", "interim-no-header-reuse"),
	ids(Required, "interim-not-cached"))}

// Suites are every file of the suite, in its order.
var Suites = []Suite{ccFreshness, ccParse, ageParse, expires, expiresParse, ccResponse, staleSuite, heuristicSuite, method, status,
	ccRequest, pragma, vary, varyParse, conditionalLM, conditionalETag, headersSuite, update304, updateHead, invalidationSuite,
	partial, auth, other, cdn, interim}
