package expiry

import (
	"net/http"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// heuristicStatus reports whether a response with status code may be given
// a heuristic freshness lifetime: RFC 9110 §15.1's heuristically cacheable
// codes.
func heuristicStatus(code int) bool {
	switch code {
	case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501:
		return true
	}
	return false
}

// understoodStatus reports whether RFC 9110 defines status code, for
// must-understand (RFC 9111 §5.2.2.3).
func understoodStatus(code int) bool {
	switch {
	case code >= 200 && code <= 206, code >= 300 && code <= 308 && code != 306,
		code >= 400 && code <= 417, code == 421, code == 422, code == 426, code >= 500 && code <= 505:
		return true
	}
	return false
}

// cacheDecision is responseDecision for Policy.HTTPCache: RFC 9111 §4.2 for
// a private cache. It always decides: a response without explicit
// freshness gets a heuristic lifetime when its status allows one and it has
// a Last-Modified (10% of the time since then, §4.2.2), and is stale
// otherwise; an invalid max-age or Expires means stale (§4.2.1, §5.3).
func cacheDecision(resp *cassette.Response, recordedAt time.Time) decision {
	d := parseCacheControl(resp.Headers, true)
	src := func(s string) string { return "response " + s }
	switch {
	case d.noStore && !(d.mustUnderstand && understoodStatus(resp.Code)):
		return decision{expire: DoNotRecord, level: ResponseHeaders, source: src("Cache-Control no-store")}
	case d.noCache:
		return decision{expire: Immediately, level: ResponseHeaders, source: src("Cache-Control no-cache")}
	case d.hasMaxAge:
		return decision{expire: After(d.maxAge), level: ResponseHeaders, source: src("Cache-Control max-age")}
	case d.badMaxAge:
		return decision{expire: Immediately, level: ResponseHeaders, source: src("Cache-Control max-age (invalid)")}
	}
	date := responseDate(resp, recordedAt)
	if v, ok := firstValue(resp.Headers, "Expires"); ok {
		at, valid := parseHTTPDate(v)
		if !valid {
			return decision{expire: Immediately, level: ResponseHeaders, source: src("Expires (invalid date)")}
		}
		return decision{expire: After(at.Sub(date)), level: ResponseHeaders, source: src("Expires")}
	}
	if heuristicStatus(resp.Code) || d.public {
		if v, ok := firstValue(resp.Headers, "Last-Modified"); ok {
			if lm, valid := parseHTTPDate(v); valid && date.After(lm) {
				return decision{expire: After(date.Sub(lm) / 10), level: ResponseHeaders, source: "heuristic (10% of the time since Last-Modified)"}
			}
		}
	}
	return decision{expire: Immediately, level: ResponseHeaders, source: "response without freshness information"}
}

// responseDate is the response's Date, or recordedAt when it has none or
// an invalid one.
func responseDate(resp *cassette.Response, recordedAt time.Time) time.Time {
	if v, ok := firstValue(resp.Headers, "Date"); ok {
		if t, valid := parseHTTPDate(v); valid {
			return t
		}
	}
	return recordedAt
}

// cacheStorable reports whether a private cache may store resp at all
// (RFC 9111 §3): a final status; no no-store (unless must-understand and
// an understood status); not Vary: *, which no later request can match
// (§4.1); not partial content (tapedeck stores whole responses); and
// either explicit freshness, public or private, or a heuristically
// cacheable status.
func cacheStorable(resp *cassette.Response) bool {
	if resp.Code < 200 || resp.Code == http.StatusPartialContent {
		return false
	}
	d := parseCacheControl(resp.Headers, true)
	switch {
	case d.mustUnderstand && !understoodStatus(resp.Code):
		return false
	case d.noStore && !d.mustUnderstand:
		return false
	}
	for _, line := range headerValues(resp.Headers, "Vary") {
		for _, name := range strings.Split(line, ",") {
			if strings.TrimSpace(name) == "*" {
				return false
			}
		}
	}
	if _, ok := firstValue(resp.Headers, "Expires"); ok {
		return true
	}
	return d.hasMaxAge || d.badMaxAge || d.public || d.private || d.noCache || heuristicStatus(resp.Code)
}

// mustRevalidate reports whether a stale resp may not be served without
// revalidation, not even when the origin cannot be reached: it says
// must-revalidate or no-cache (RFC 9111 §4.2.4).
func mustRevalidate(resp *cassette.Response) bool {
	d := parseCacheControl(resp.Headers, true)
	return d.mustRevalidate || d.noCache
}
