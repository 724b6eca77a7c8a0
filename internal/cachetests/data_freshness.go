package cachetests

// Freshness from Cache-Control: max-age (cc-freshness.mjs).
var ccFreshness = Suite{File: "cc-freshness", Cases: []Case{
	{ID: "freshness-none", Kind: Check, Requests: []Request{
		{Setup: true, Pause: pause}, {Expect: NotCached}}},
	maxAge("freshness-max-age", Optimal, "freshness-none", Cached, h("Cache-Control", "max-age=3600")),
	{ID: "freshness-max-age-stale", DependsOn: deps("freshness-max-age"), Requests: []Request{
		becomesStale(Request{}), {Expect: NotCached}}},
	maxAge("freshness-max-age-0", Required, "freshness-none", NotCached, h("Cache-Control", "max-age=0")),
	maxAge("freshness-max-age-max-minus-1", Optimal, "freshness-none", Cached, h("Cache-Control", "max-age=2147483647")),
	maxAge("freshness-max-age-max", Optimal, "freshness-none", Cached, h("Cache-Control", "max-age=2147483648")),
	maxAge("freshness-max-age-max-plus-1", Optimal, "freshness-none", Cached, h("Cache-Control", "max-age=2147483649")),
	maxAge("freshness-max-age-max-plus", Optimal, "freshness-none", Cached, h("Cache-Control", "max-age=99999999999")),
	maxAge("freshness-max-age-age", Required, "freshness-max-age", NotCached, at("Date", 0), h("Cache-Control", "max-age=3600"), h("Age", "7200")),
	maxAge("freshness-max-age-date", Check, "freshness-max-age", NotCached, at("Date", -7200), h("Cache-Control", "max-age=3600")),
	maxAge("freshness-max-age-expires", Optimal, "freshness-max-age", Cached, h("Cache-Control", "max-age=3600"), at("Expires", -7200), at("Date", 0)),
	maxAge("freshness-max-age-expires-invalid", Optimal, "freshness-max-age", Cached, h("Cache-Control", "max-age=3600"), hu("Expires", "0"), at("Date", 0)),
	maxAge("freshness-max-age-0-expires", Required, "freshness-none", NotCached, at("Expires", 3600), h("Cache-Control", "max-age=0"), at("Date", 0)),
	maxAge("freshness-max-age-extension", Optimal, "freshness-max-age", Cached, h("Cache-Control", "foobar, max-age=3600")),
	maxAge("freshness-max-age-case-insenstive", Optimal, "freshness-max-age", Cached, h("Cache-Control", "MaX-aGe=3600")),
	maxAge("freshness-max-age-negative", Required, "freshness-none", NotCached, h("Cache-Control", "max-age=-3600")),
	maxAge("freshness-max-age-s-maxage-private", Required, "freshness-max-age", NotCached, h("Cache-Control", "s-maxage=3600, max-age=1")),
	maxAge("freshness-max-age-s-maxage-private-multiple", Required, "freshness-max-age", NotCached, h("Cache-Control", "s-maxage=3600"), h("Cache-Control", "max-age=1")),
	{ID: "freshness-s-maxage-shared"},
	{ID: "freshness-max-age-s-maxage-shared-longer"},
	{ID: "freshness-max-age-s-maxage-shared-longer-reversed"},
	{ID: "freshness-max-age-s-maxage-shared-longer-multiple"},
	{ID: "freshness-max-age-s-maxage-shared-shorter", Kind: Optimal},
	{ID: "freshness-max-age-s-maxage-shared-shorter-expires", Kind: Optimal},
}}

// maxAge is the common two-request case: a response with headers hs, a
// pause, and the same request again, which must be answered as want says.
func maxAge(id string, kind Kind, dep string, want Expect, hs ...Header) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{setupWith(hs...), {Expect: want}}}
}

// maxAgeNoPause is maxAge without the pause.
func maxAgeNoPause(id string, kind Kind, dep string, want Expect, hs ...Header) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{setupNoPause(hs...), {Expect: want}}}
}

// Parsing Cache-Control (cc-parse.mjs).
var ccParse = Suite{File: "cc-parse", Cases: []Case{
	maxAge("freshness-max-age-two-fresh-stale-sameline", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=1800, max-age=1")),
	maxAge("freshness-max-age-two-fresh-stale-sepline", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=1800"), hu("Cache-Control", "max-age=1")),
	maxAge("freshness-max-age-two-stale-fresh-sameline", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=1, max-age=1800")),
	maxAge("freshness-max-age-two-stale-fresh-sepline", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=1"), hu("Cache-Control", "max-age=1800")),
	maxAge("freshness-max-age-quoted", Check, "freshness-max-age", Cached, hu("Cache-Control", `max-age="3600"`)),
	maxAge("freshness-max-age-ignore-quoted", Required, "freshness-max-age", NotCached, hu("Cache-Control", `extension="max-age=3600", max-age=1`)),
	maxAge("freshness-max-age-ignore-quoted-rev", Required, "freshness-max-age", NotCached, hu("Cache-Control", `max-age=1, extension="max-age=3600"`)),
	maxAge("freshness-max-age-space-before-equals", Check, "freshness-none", NotCached, hu("Cache-Control", "max-age =3600")),
	maxAge("freshness-max-age-space-after-equals", Check, "freshness-none", NotCached, hu("Cache-Control", "max-age= 3600")),
	maxAge("freshness-max-age-leading-zero", Required, "freshness-none", Cached, hu("Cache-Control", "max-age=003600")),
	maxAge("freshness-max-age-single-quoted", Required, "freshness-none", NotCached, hu("Cache-Control", "max-age='3600'")),
	maxAge("freshness-max-age-decimal-zero", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=3600.0")),
	maxAge("freshness-max-age-decimal-five", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=3600.5")),
	maxAge("freshness-max-age-a100", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=a3600")),
	maxAge("freshness-max-age-100a", Check, "freshness-none", Cached, hu("Cache-Control", "max-age=3600a")),
}}

// ageCase is a response max-age=3600 (or maxAge) with the Age lines ages.
func ageCase(id string, kind Kind, want Expect, ages ...string) Case {
	hs := []Header{at("Date", 0), h("Cache-Control", "max-age=3600")}
	for _, a := range ages {
		hs = append(hs, hu("Age", a))
	}
	return maxAge(id, kind, "freshness-max-age-age", want, hs...)
}

// Parsing Age (age-parse.mjs).
var ageParse = Suite{File: "age-parse", Cases: []Case{
	ageCase("age-parse-nonnumeric", Required, Cached, "abc"),
	ageCase("age-parse-negative", Required, Cached, "-7200"),
	ageCase("age-parse-float", Required, Cached, "7200.0"),
	ageCase("age-parse-large-minus-one", Required, NotCached, "2147483647"),
	ageCase("age-parse-large", Required, NotCached, "2147483648"),
	ageCase("age-parse-larger", Required, NotCached, "2147483649"),
	ageCase("age-parse-suffix", Required, NotCached, "7200, 0"),
	ageCase("age-parse-prefix", Required, Cached, "0, 7200"),
	ageCase("age-parse-suffix-twoline", Required, NotCached, "7200", "0"),
	ageCase("age-parse-prefix-twoline", Required, Cached, "0", "7200"),
	ageCase("age-parse-dup-0", Required, Cached, "0, 0"),
	ageCase("age-parse-dup-0-twoline", Required, Cached, "0", "0"),
	maxAge("age-parse-dup-old", Required, "freshness-max-age-age", Cached, at("Date", 0), h("Cache-Control", "max-age=10000"), hu("Age", "3600"), hu("Age", "3600")),
	ageCase("age-parse-parameter", Check, NotCached, "7200;foo=bar"),
	ageCase("age-parse-numeric-parameter", Check, NotCached, "7200;foo=111"),
}}

// Freshness from Expires (expires-freshness.mjs).
var expires = Suite{File: "expires", Cases: []Case{
	maxAge("freshness-expires-future", Optimal, "freshness-none", Cached, at("Expires", 2592000), at("Date", 0)),
	maxAge("freshness-expires-past", Required, "freshness-expires-future", NotCached, at("Expires", -2592000), at("Date", 0)),
	maxAgeNoPause("freshness-expires-present", Required, "freshness-none", NotCached, at("Expires", 0), at("Date", 0)),
	maxAge("freshness-expires-old-date", Required, "freshness-expires-future", NotCached, at("Expires", 300), at("Date", 400)),
	maxAge("freshness-expires-invalid", Required, "freshness-expires-future", NotCached, hu("Expires", "0"), at("Date", 0)),
	maxAgeNoPause("freshness-expires-invalid-date", Optimal, "freshness-expires-future", Cached, hu("Date", "foo"), at("Expires", 10)),
	maxAgeNoPause("freshness-expires-age-slow-date", Required, "freshness-expires-future", NotCached, at("Date", -10), at("Expires", 10), h("Age", "25")),
	maxAgeNoPause("freshness-expires-age-fast-date", Required, "freshness-expires-future", NotCached, at("Date", 10), at("Expires", 20), h("Age", "15")),
}}

// expiresCase is a response with the Expires value v (not a relative date).
func expiresCase(id string, kind Kind, want Expect, paused bool, vs ...string) Case {
	var hs []Header
	for _, v := range vs {
		hs = append(hs, hu("Expires", v))
	}
	hs = append(hs, at("Date", 0))
	if paused {
		return maxAge(id, kind, "freshness-expires-future", want, hs...)
	}
	return maxAgeNoPause(id, kind, "freshness-expires-future", want, hs...)
}

// Parsing Expires (expires-parse.mjs).
var expiresParse = Suite{File: "expires-parse", Cases: []Case{
	expiresCase("freshness-expires-32bit", Optimal, Cached, true, "Tue, 19 Jan 2038 14:14:08 GMT"),
	expiresCase("freshness-expires-far-future", Optimal, Cached, true, "Sun, 21 Nov 2286 04:46:39 GMT"),
	expiresCase("freshness-expires-rfc850", Optimal, Cached, true, "Thursday, 18-Aug-50 02:01:18 GMT"),
	expiresCase("freshness-expires-ansi-c", Optimal, Cached, true, "Thu Aug  8 02:01:18 2050"),
	expiresCase("freshness-expires-wrong-case-weekday", Optimal, Cached, true, "THU, 18 Aug 2050 02:01:18 GMT"),
	expiresCase("freshness-expires-wrong-case-month", Optimal, Cached, true, "Thu, 18 AUG 2050 02:01:18 GMT"),
	expiresCase("freshness-expires-wrong-case-tz", Optimal, Cached, true, "Thu, 18 Aug 2050 02:01:18 gMT"),
	expiresCase("freshness-expires-invalid-utc", Required, NotCached, true, "Thu, 18 Aug 2050 02:01:18 UTC"),
	expiresCase("freshness-expires-invalid-aest", Required, NotCached, true, "Thu, 18 Aug 2050 02:01:18 AEST"),
	expiresCase("freshness-expires-invalid-2-digit-year", Required, NotCached, true, "Thu, 18 Aug 50 02:01:18 GMT"),
	expiresCase("freshness-expires-invalid-no-comma", Required, NotCached, true, "Thu 18 Aug 2050 02:01:18 GMT"),
	expiresCase("freshness-expires-invalid-multiple-spaces", Required, NotCached, false, "Thu, 18  Aug  2050 02:01:18 GMT"),
	expiresCase("freshness-expires-invalid-date-dashes", Required, NotCached, false, "Thu, 18-Aug-2050 02:01:18 GMT"),
	expiresCase("freshness-expires-invalid-time-periods", Required, NotCached, false, "Thu, 18 Aug 2050 02.01.18 GMT"),
	expiresCase("freshness-expires-invalid-1-digit-hour", Required, NotCached, false, "Thu, 18 Aug 2050 2:01:18 GMT"),
	expiresCase("freshness-expires-invalid-multiple-lines", Required, NotCached, false, "Thu, 18 Aug 2050 2:01:18 GMT", "Thu, 18 Aug 2050 2:01:19 GMT"),
}}
