package expiry

import (
	"net/http"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

// responseDecision is what the recorded response's headers say about its
// freshness lifetime, if anything (RFC 9111 §4.2.1, as a private cache, so
// s-maxage is ignored): no-store, then no-cache, then max-age, then Expires
// minus Date. recordedAt stands in for a missing or invalid Date.
func responseDecision(resp *cassette.Response, recordedAt time.Time) (decision, bool) {
	if resp == nil {
		return decision{}, false
	}
	d := parseCacheControl(resp.Headers, true)
	switch {
	case d.noStore:
		return decision{expire: DoNotRecord, level: ResponseHeaders, source: "response Cache-Control no-store"}, true
	case d.noCache:
		return decision{expire: Immediately, level: ResponseHeaders, source: "response Cache-Control no-cache"}, true
	case d.hasMaxAge:
		return decision{expire: After(d.maxAge), level: ResponseHeaders, source: "response Cache-Control max-age"}, true
	}
	expires, ok := firstValue(resp.Headers, "Expires")
	if !ok {
		return decision{}, false
	}
	at, err := http.ParseTime(expires)
	if err != nil {
		// RFC 9111 §5.3: an invalid Expires, especially "0", is a time in
		// the past.
		return decision{expire: Immediately, level: ResponseHeaders, source: "response Expires (invalid date)"}, true
	}
	date := recordedAt
	if v, ok := firstValue(resp.Headers, "Date"); ok {
		if t, err := http.ParseTime(v); err == nil {
			date = t
		}
	}
	return decision{expire: After(at.Sub(date)), level: ResponseHeaders, source: "response Expires"}, true
}

// initialAge is how old the response already was when it was recorded, by
// RFC 9111 §4.2.3: the larger of the apparent age (receipt time minus Date)
// and the Age header plus the round trip time. Malformed Date and Age
// headers count as absent (§5.1).
func initialAge(in *cassette.Interaction) time.Duration {
	var apparent time.Duration
	if v, ok := firstValue(in.Response.Headers, "Date"); ok {
		if date, err := http.ParseTime(v); err == nil && in.RecordedAt.After(date) {
			apparent = in.RecordedAt.Sub(date)
		}
	}
	var ageValue time.Duration
	if v, ok := firstValue(in.Response.Headers, "Age"); ok {
		// A list-valued Age counts by its first member (§5.1).
		first, _, _ := strings.Cut(v, ",")
		if secs, ok := parseDeltaSeconds(strings.TrimSpace(first)); ok {
			ageValue = time.Duration(secs) * time.Second
		}
	}
	corrected := addSat(ageValue, max(in.Duration, 0))
	return max(apparent, corrected)
}

// addSat returns a+b, saturated at the limits of time.Duration instead of
// wrapping around.
func addSat(a, b time.Duration) time.Duration {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return time.Duration(1<<63 - 1)
	case a < 0 && b < 0 && s >= 0:
		return time.Duration(-1 << 63)
	}
	return s
}
