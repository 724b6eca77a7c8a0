package cachetests

import "net/http"

// stores is a fresh response with the header name: value, which a cached
// answer must carry (kept) or must not carry (dropped, hop-by-hop).
func stores(name, value string, kept bool) Case {
	hs := reqh(at("Date", 0), Header{Name: name, Value: value, Unchecked: !kept})
	if name != "Cache-Control" {
		hs = append(hs, h("Cache-Control", "max-age=3600"))
	}
	first := Request{RespHeaders: hs, Setup: true, Pause: pause}
	second := Request{Expect: Cached, SetupChecks: []string{"type"}}
	if kept {
		second.ExpectHeaders = reqh(h(name, value))
	} else {
		second.MissingHeaders = reqh(h(name, value))
	}
	if name == "Content-Length" {
		first.NoBodyCheck, second.NoBodyCheck = true, true
	}
	return Case{ID: "headers-store-" + name, DependsOn: deps("freshness-max-age"), Requests: []Request{first, second}}
}

// Storing header fields (headers.mjs).
var headersSuite = Suite{File: "headers", Cases: []Case{
	{ID: "headers-omit-headers-listed-in-Connection", DependsOn: deps("freshness-max-age"), Requests: []Request{
		setupWith(h("Cache-Control", "max-age=100000"), at("Date", 0), hu("Connection", "a, b"), hu("a", "1"), hu("b", "2"), hu("c", "3")),
		{Expect: Cached, ExpectHeaders: reqh(h("c", "3")), MissingHeaders: reqh(h("a", ""), h("b", "")), SetupChecks: []string{"type", "headers"}}}},
	stores("Test-Header", "tapedeck-value-1", true),
	stores("X-Test-Header", "tapedeck-value-2", true),
	stores("Content-Foo", "tapedeck-value-3", true),
	stores("X-Content-Foo", "tapedeck-value-4", true),
	stores("Cache-Control", "max-age=3600", true),
	stores("Connection", "tapedeck-hop-1", false),
	stores("Content-Encoding", "tapedeck-coding", true),
	stores("Content-Length", "10", true),
	stores("Content-Location", "/bar", true),
	stores("Content-MD5", "N7UdGUp1E+RbVvZSTy1R8g==", true),
	stores("Content-Range", "tapedeck-range", true),
	stores("Content-Security-Policy", "default-src 'self' cdn.example.com", true),
	stores("Content-Type", "text/plain;charset=utf-8", true),
	stores("Clear-Site-Data", "cookies", true),
	stores("ETag", `"ghijkl"`, true),
	stores("Expires", "Mon, 11 Jan 2038 11:11:11 GMT", true),
	stores("Keep-Alive", "tapedeck-hop-2", false),
	stores("Proxy-Authenticate", "tapedeck-hop-3", false),
	stores("Proxy-Authentication-Info", "tapedeck-hop-4", false),
	stores("Proxy-Authorization", "tapedeck-hop-5", false),
	stores("Proxy-Connection", "tapedeck-hop-6", false),
	stores("Public-Key-Pins", "tapedeck-pins", true),
	stores("Set-Cookie", "a=c", true),
	stores("Set-Cookie2", "a=c", true),
	stores("TE", "tapedeck-hop-7", false),
	stores("Transfer-Encoding", "tapedeck-hop-8", false),
	stores("Upgrade", "tapedeck-hop-9", false),
	stores("X-Frame-Options", "sameorigin", true),
	stores("X-XSS-Protection", "1; mode=block", true),
}}

// updates is a response with name: old and an ETag, revalidated after it
// goes stale with a 304 carrying name: updated; the cache must answer with
// the updated value, then keep it. Content-Length is the one field a 304
// must not change (kept false).
func updates(name, old, updated string, kind Kind) Case {
	etag := `"tapedeck-` + name + `"`
	checked := name != "Content-Length"
	want := updated
	if !checked {
		want = old
	}
	field := func(v string) Header { return Header{Name: name, Value: v, Unchecked: !checked} }
	bodyCheck := !checked
	maxAge := []Header{h("Cache-Control", "max-age=2")}
	if name == "Cache-Control" {
		maxAge = nil
	}
	with := func(hs ...Header) []Header { return append(hs, maxAge...) }
	reqs := []Request{
		{RespHeaders: append(with(at("Date", 0), field(old)), h("ETag", etag)), Setup: true, Pause: pause, NoBodyCheck: bodyCheck},
		{RespHeaders: append(with(at("Date", 0), field(updated)), h("ETag", etag)), Expect: ETagChecked,
			SetupChecks: []string{"type"}, ExpectHeaders: reqh(h(name, want)), NoBodyCheck: bodyCheck},
		{RespHeaders: with(at("Date", 0), field(want)), Expect: Cached,
			SetupChecks: []string{"type"}, ExpectHeaders: reqh(h(name, want)), NoBodyCheck: bodyCheck},
	}
	if name == "ETag" {
		reqs[0].RespHeaders = reqh(at("Date", 0), h("ETag", old), h("Cache-Control", "max-age=2"))
		reqs[1].RespHeaders = reqh(at("Date", 0), h("ETag", updated), h("Cache-Control", "max-age=2"))
		reqs[2].RespHeaders = reqh(at("Date", 0), h("ETag", updated), h("Cache-Control", "max-age=2"))
	}
	return Case{ID: "304-etag-update-response-" + name, Kind: kind, DependsOn: deps("304-lm-use-stored-Test-Header"), Requests: reqs}
}

// Updating stored headers from a 304 (update304.mjs).
var update304 = Suite{File: "update304", Cases: []Case{
	{ID: "304-lm-use-stored-Test-Header", Requests: []Request{
		setupWith(h("Cache-Control", "max-age=2"), h("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT"), at("Date", 0), h("Test-Header", "tapedeck-stored")),
		{RespHeaders: reqh(h("Last-Modified", "Wed, 01 Jan 2020 00:00:00 GMT"), at("Date", 0)), Expect: DateChecked,
			ExpectHeaders: reqh(h("Test-Header", "tapedeck-stored")), SetupChecks: []string{"type"}}}},
	updates("Test-Header", "tapedeck-old-1", "tapedeck-new-1", Required),
	updates("X-Test-Header", "tapedeck-old-2", "tapedeck-new-2", Required),
	updates("Content-Foo", "tapedeck-old-3", "tapedeck-new-3", Required),
	updates("X-Content-Foo", "tapedeck-old-4", "tapedeck-new-4", Required),
	updates("Cache-Control", "max-age=1", "max-age=3600", Required),
	updates("Content-Encoding", "tapedeck-old-5", "tapedeck-new-5", Check),
	updates("Content-Length", "36", "10", Required),
	updates("Content-Location", "/foo", "/bar", Check),
	updates("Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A==", "N7UdGUp1E+RbVvZSTy1R8g==", Check),
	updates("Content-Range", "tapedeck-old-6", "tapedeck-new-6", Check),
	updates("Content-Security-Policy", "default-src 'self'", "default-src 'self' cdn.example.com", Check),
	updates("Content-Type", "text/plain", "text/plain;charset=utf-8", Check),
	updates("Clear-Site-Data", "cache", "cookies", Check),
	updates("ETag", `"abcdef"`, `"ghijkl"`, Check),
	updates("Expires", "Fri, 01 Jan 2038 01:01:01 GMT", "Mon, 11 Jan 2038 11:11:11 GMT", Check),
	updates("Public-Key-Pins", "tapedeck-old-7", "tapedeck-new-7", Check),
	updates("Set-Cookie", "a=b", "a=c", Check),
	updates("Set-Cookie2", "a=b", "a=c", Check),
	updates("X-Frame-Options", "deny", "sameorigin", Check),
	updates("X-XSS-Protection", "1", "1; mode=block", Check),
}}

// head is a HEAD request sent once the stored GET response is stale.
func head(status int, hs ...Header) Request {
	return Request{Method: http.MethodHead, ExpectMethod: http.MethodHead, Status: status, RespHeaders: hs}
}

// Updating stored responses from HEAD (updateHead.mjs).
var updateHead = Suite{File: "updateHEAD", Cases: []Case{
	{ID: "head-writethrough", Kind: Check, DependsOn: deps("freshness-max-age-stale"), Requests: []Request{becomesStale(Request{}), head(0)}},
	{ID: "head-200-retain", Kind: Check, DependsOn: deps("head-writethrough"), Requests: []Request{becomesStale(Request{}),
		func() Request { r := head(0); r.ExpectHeaders = reqh(h("Template-A", "1")); return r }()}},
	{ID: "head-200-freshness-update", Kind: Check, DependsOn: deps("head-writethrough"), Requests: []Request{becomesStale(Request{}),
		head(0, h("Cache-Control", "max-age=1000")), {Expect: Cached}}},
	{ID: "head-200-update", Kind: Check, DependsOn: deps("head-200-freshness-update"), Requests: []Request{becomesStale(Request{}),
		head(0, h("Template-A", "2"), h("Cache-Control", "max-age=1000")),
		{Expect: Cached, SetupChecks: []string{"type"}, ExpectHeaders: reqh(h("Template-A", "2"))}}},
	{ID: "head-410-update", Kind: Check, DependsOn: deps("head-200-freshness-update"), Requests: []Request{becomesStale(Request{}),
		head(410, h("Template-A", "2"), h("Cache-Control", "max-age=1000")),
		{Expect: Cached, SetupChecks: []string{"type"}, ExpectHeaders: reqh(h("Template-A", "2"))}}},
}}
