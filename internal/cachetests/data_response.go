package cachetests

import (
	"fmt"
	"net/http"
)

// Cache-Control response directives (cc-response.mjs).
var ccResponse = Suite{File: "cc-response", Cases: []Case{
	{ID: "cc-resp-private-shared"},
	maxAgeNoPause("cc-resp-private-private", Optimal, "freshness-none", Cached, h("Cache-Control", "private, max-age=3600")),
	{ID: "cc-resp-no-store", Requests: []Request{setupNoPause(h("Cache-Control", "no-store")), {Expect: NotCached}}},
	maxAgeNoPause("cc-resp-no-store-case-insensitive", Required, "cc-resp-no-store", NotCached, h("Cache-Control", "No-StOrE")),
	maxAgeNoPause("cc-resp-no-store-fresh", Required, "cc-resp-no-store", NotCached, h("Cache-Control", "max-age=10000, no-store"), at("Expires", 10000), at("Date", 0)),
	{ID: "cc-resp-no-store-old-new", DependsOn: deps("cc-resp-no-store"), Requests: []Request{
		setupWith(h("Cache-Control", "max-age=10000"), at("Expires", 10000), at("Date", 0), h("A", "1")),
		setupWith(h("Cache-Control", "no-store"), at("Date", 0), h("A", "2")),
		{Expect: Cached, ExpectHeaders: reqh(h("A", "1"))}}},
	{ID: "cc-resp-no-store-old-max-age", DependsOn: deps("cc-resp-no-store"), Requests: []Request{
		setupWith(h("Cache-Control", "max-age=10000"), at("Expires", 10000), at("Date", 0), h("A", "1")),
		setupWith(h("Cache-Control", "no-store, max-age=0"), at("Date", 0), h("A", "2")),
		{Expect: Cached, ExpectHeaders: reqh(h("A", "1"))}}},
	{ID: "cc-resp-no-cache", Requests: []Request{setupNoPause(h("Cache-Control", "max-age=10000, no-cache"), at("Expires", 10000), at("Date", 0)), {Expect: NotCached}}},
	maxAgeNoPause("cc-resp-no-cache-case-insensitive", Required, "cc-resp-no-cache", NotCached, h("Cache-Control", "max-age=10000, No-CaChE"), at("Expires", 10000), at("Date", 0)),
	maxAgeNoPause("cc-resp-no-cache-revalidate", Optimal, "cc-resp-no-cache", ETagChecked, h("Cache-Control", "no-cache"), h("ETag", `"abcd"`)),
	maxAgeNoPause("cc-resp-no-cache-revalidate-fresh", Optimal, "cc-resp-no-cache", ETagChecked, h("Cache-Control", "max-age=10000, no-cache"), at("Expires", 10000), at("Date", 0), h("ETag", `"abcd"`)),
	{ID: "headers-omit-headers-listed-in-Cache-Control-no-cache-single", Kind: Check, DependsOn: deps("cc-resp-no-cache-revalidate"), Requests: []Request{
		setupWith(h("Cache-Control", `no-cache="a"`), h("a", "1"), h("b", "2"), h("Cache-Control", "max-age=3600"), at("Date", 0)),
		{Expect: Cached, ExpectHeaders: reqh(h("b", "2")), MissingHeaders: reqh(h("a", "")), SetupChecks: []string{"type"}}}},
	{ID: "headers-omit-headers-listed-in-Cache-Control-no-cache", Kind: Check, DependsOn: deps("cc-resp-no-cache-revalidate"), Requests: []Request{
		setupWith(h("Cache-Control", `no-cache="a, b"`), h("a", "1"), h("b", "2"), h("c", "3"), h("Cache-Control", "max-age=3600"), at("Date", 0)),
		{Expect: Cached, ExpectHeaders: reqh(h("c", "3")), MissingHeaders: reqh(h("a", ""), h("b", "")), SetupChecks: []string{"type"}}}},
	maxAgeNoPause("cc-resp-must-revalidate-fresh", Optimal, "freshness-none", Cached, h("Cache-Control", "max-age=10000, must-revalidate"), h("ETag", `"abcd"`)),
	{ID: "cc-resp-must-revalidate-stale", DependsOn: deps("freshness-none"), Requests: []Request{
		setupNoPause(h("Cache-Control", "max-age=2, must-revalidate"), h("ETag", `"abcd"`)),
		{Expect: Cached, Setup: true, Pause: pause, RespHeaders: reqh(h("Cache-Control", "max-age=2, must-revalidate"), h("ETag", `"abcd"`))},
		{Expect: ETagChecked}}},
	{ID: "cc-resp-immutable-fresh", Kind: Optimal},
	{ID: "cc-resp-immutable-stale"},
}}

// staleIf is a response that becomes stale, then a request that the server
// answers with last (a disconnect or a status).
func staleIf(id string, kind Kind, dep string, first Request, last Request) Case {
	return Case{ID: id, Kind: kind, DependsOn: deps(dep), Requests: []Request{first, last}}
}

// lost is a request whose connection the server drops: the cache must not
// answer it from a response that forbids serving stale.
var lost = Request{Disconnect: true, ExpectStatus: -1, NoBodyCheck: true, MissingHeaders: reqh(h("Server-Request-Count", ""))}

// Serving stale responses (stale.mjs).
var staleSuite = Suite{File: "stale", Cases: []Case{
	staleIf("stale-close", Check, "freshness-max-age-stale", becomesStale(Request{}), Request{Disconnect: true, Expect: Cached}),
	staleIf("stale-503", Check, "freshness-max-age-stale", becomesStale(Request{}), Request{Status: 503, ExpectStatus: 200, Expect: Cached}),
	staleIf("stale-while-revalidate", Optimal, "freshness-max-age-stale",
		setupWith(h("Cache-Control", "max-age=1, stale-while-revalidate=3600"), h("ETag", `"abc"`)), Request{Expect: Cached}),
	{ID: "stale-while-revalidate-window", DependsOn: deps("stale-while-revalidate"), Requests: []Request{
		setupWith(h("Cache-Control", "max-age=1, stale-while-revalidate=4"), h("ETag", `"abc"`)),
		{Setup: true, Pause: pause, RespHeaders: reqh(hu("Cache-Control", "no-cache"), hu("ETag", `"def"`)), Expect: Cached},
		{ExpectHeaders: reqh(h("Client-Request-Count", "3"))}}},
	staleIf("stale-sie-close", Check, "freshness-max-age-stale", setupWith(h("Cache-Control", "max-age=2, stale-if-error=60")), Request{Disconnect: true, Expect: Cached}),
	staleIf("stale-sie-503", Check, "freshness-max-age-stale", setupWith(h("Cache-Control", "max-age=2, stale-if-error=60")), Request{Status: 503, ExpectStatus: 200, Expect: Cached}),
	staleIf("stale-close-must-revalidate", Required, "stale-close", setupWith(h("Cache-Control", "max-age=2, must-revalidate")), lost),
	{ID: "stale-close-proxy-revalidate"},
	staleIf("stale-close-no-cache", Required, "stale-close", setupWith(h("Cache-Control", "max-age=2, no-cache")), lost),
	{ID: "stale-close-s-maxage=2"},
	staleIf("stale-warning-stored", Check, "stale-close", stale(Request{}), Request{Disconnect: true, Expect: Cached, ExpectHeaders: reqh(h("Warning", "")), SetupChecks: []string{"type"}}),
	staleIf("stale-warning-become", Check, "stale-close", becomesStale(Request{}), Request{Disconnect: true, Expect: Cached, ExpectHeaders: reqh(h("Warning", "")), SetupChecks: []string{"type"}}),
}}

// heuristic is a response with status code and a Last-Modified a day old,
// asked for again at once.
func heuristic(code int, kind Kind, want Expect, extra ...Header) Case {
	body := text("aaaaaaaaaaaaaaa")
	if code == http.StatusNoContent {
		body = None
	}
	verb := "cached"
	if want == NotCached {
		verb = "not_cached"
	}
	hs := append([]Header{at("Last-Modified", -86400), at("Date", 0)}, extra...)
	return Case{ID: fmt.Sprintf("heuristic-%d-%s", code, verb), Kind: kind, Requests: []Request{
		{Status: code, RespHeaders: hs, RespBody: body, Setup: true},
		{Expect: want, Status: code, RespBody: body}}}
}

// heuristicDelta is a 200 with a Last-Modified secs old, asked for again
// after a pause.
func heuristicDelta(secs int) Case {
	return Case{ID: fmt.Sprintf("heuristic-delta-%d", secs), Kind: Check, Requests: []Request{
		setupWith(at("Last-Modified", -secs), at("Date", 0)), {Expect: Cached}}}
}

// Heuristic freshness (heuristic-freshness.mjs).
var heuristicSuite = Suite{File: "heuristic", Cases: []Case{
	heuristic(200, Optimal, Cached),
	heuristic(201, Required, NotCached),
	heuristic(202, Required, NotCached),
	heuristic(203, Optimal, Cached),
	heuristic(204, Optimal, Cached),
	heuristic(403, Required, NotCached),
	heuristic(404, Optimal, Cached),
	heuristic(405, Optimal, Cached),
	heuristic(410, Optimal, Cached),
	heuristic(414, Optimal, Cached),
	heuristic(501, Optimal, Cached),
	heuristic(502, Required, NotCached),
	heuristic(503, Required, NotCached),
	heuristic(504, Required, NotCached),
	heuristic(599, Required, NotCached),
	heuristic(599, Optimal, Cached, h("Cache-Control", "public")),
	heuristicDelta(5), heuristicDelta(10), heuristicDelta(30), heuristicDelta(60), heuristicDelta(300),
	heuristicDelta(600), heuristicDelta(1200), heuristicDelta(1800), heuristicDelta(3600),
	heuristicDelta(43200), heuristicDelta(86400),
}}

// Reusing the response to a POST (method.mjs).
var method = Suite{File: "method", Cases: []Case{
	{ID: "method-POST", Kind: Optimal, Requests: []Request{
		{Method: http.MethodPost, Body: "12345", Headers: reqh(h("Content-Type", "text/plain")), Locations: true,
			RespHeaders: reqh(h("Cache-Control", "max-age=3600"), h("Content-Location", ""), at("Date", 0)), Pause: pause, Setup: true},
		{Expect: Cached}}},
}}

// statusCase is a fresh (or stale) response with status code.
func statusCase(code int, freshness string) Case {
	body := text("aaaaaaaaaaaaaaa")
	if code == http.StatusNoContent {
		body = None
	}
	id := fmt.Sprintf("status-%d-%s", code, freshness)
	if freshness == "fresh" {
		return Case{ID: id, Kind: Optimal, DependsOn: deps("freshness-max-age"), Requests: []Request{
			fresh(Request{Status: code, RespBody: body}),
			{Expect: Cached, Status: code, RespBody: body}}}
	}
	return Case{ID: id, DependsOn: deps(fmt.Sprintf("status-%d-fresh", code)), Requests: []Request{
		stale(Request{Status: code, RespBody: body}),
		{Expect: NotCached, RespBody: body}}}
}

// statuses returns the fresh and stale cases of each code.
func statuses(codes ...int) []Case {
	var cs []Case
	for _, c := range codes {
		cs = append(cs, statusCase(c, "fresh"), statusCase(c, "stale"))
	}
	return cs
}

// Status codes (status.mjs).
var status = Suite{File: "status", Cases: append(statuses(200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410, 499, 500, 502, 503, 504, 599),
	Case{ID: "status-599-must-understand", DependsOn: deps("status-599-fresh"), Requests: []Request{
		{Status: 599, RespHeaders: reqh(h("Cache-Control", "max-age=3600, no-store, must-understand")), Setup: true},
		{Expect: NotCached}}},
	Case{ID: "status-200-must-understand", Kind: Optimal, DependsOn: deps("status-200-fresh", "cc-resp-no-store-fresh"), Requests: []Request{
		{Status: 200, RespHeaders: reqh(h("Cache-Control", "max-age=3600, no-store, must-understand")), Setup: true},
		{Expect: Cached}}},
)}
