package expiry

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"gotest.tools/v3/assert"
)

func TestCheckClock(t *testing.T) {
	hour := Policy{Default: After(time.Hour)}
	tests := []struct {
		name      string
		policy    Policy
		age       time.Duration // now - recordedAt
		stale     bool
		wantAge   time.Duration
		expiresAt time.Time
	}{
		{name: "just recorded", policy: hour, age: 0, wantAge: 0, expiresAt: recordedAt.Add(time.Hour)},
		{name: "one nanosecond before expiry", policy: hour, age: time.Hour - 1, wantAge: time.Hour - 1, expiresAt: recordedAt.Add(time.Hour)},
		{name: "exactly at expiry is stale", policy: hour, age: time.Hour, stale: true, wantAge: time.Hour, expiresAt: recordedAt.Add(time.Hour)},
		{name: "after expiry", policy: hour, age: 2 * time.Hour, stale: true, wantAge: 2 * time.Hour, expiresAt: recordedAt.Add(time.Hour)},
		{name: "clock before recording", policy: hour, age: -time.Minute, wantAge: 0, expiresAt: recordedAt.Add(time.Hour)},
		{name: "never, a century later", policy: Policy{}, age: 100 * 365 * 24 * time.Hour, wantAge: 100 * 365 * 24 * time.Hour},
		{name: "immediately, at once", policy: Policy{Default: Immediately}, age: 0, stale: true, expiresAt: recordedAt},
		{name: "immediately, clock before recording", policy: Policy{Default: Immediately}, age: -time.Hour, stale: true, expiresAt: recordedAt},
		{name: "longest lifetime", policy: Policy{Default: After(math.MaxInt64)}, age: 24 * time.Hour, wantAge: 24 * time.Hour,
			expiresAt: recordedAt.Add(math.MaxInt64)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.policy.Check(nil, recorded(testURL), recordedAt.Add(tc.age))
			assert.Equal(t, v.Stale, tc.stale)
			assert.Equal(t, v.Age, tc.wantAge)
			assert.Assert(t, v.ExpiresAt.Equal(tc.expiresAt), "ExpiresAt %v, want %v", v.ExpiresAt, tc.expiresAt)
		})
	}
}

func TestCheckChangingARuleNeedsNoRerecording(t *testing.T) {
	in := recorded(testURL)
	now := recordedAt.Add(2 * time.Hour)
	p := Policy{Rules: []Rule{{Pattern: "api.example.com/**", Expire: After(time.Hour)}}}
	assert.Assert(t, p.Check(nil, in, now).Stale)
	p.Rules[0].Expire = After(3 * time.Hour)
	assert.Assert(t, !p.Check(nil, in, now).Stale)
}

// TestResponseFreshness covers the response header level: max-age,
// Expires relative to Date, Age, and what happens when they are missing
// or malformed.
func TestResponseFreshness(t *testing.T) {
	date := func(d time.Duration) string { return recordedAt.Add(d).Format(http.TimeFormat) }
	tests := []struct {
		name    string
		kv      []string
		age     time.Duration // now - recordedAt
		expire  Expiration
		source  string
		stale   bool
		wantAge time.Duration
		none    bool // the headers say nothing: the default (Never) decides
	}{
		{name: "max-age", kv: []string{"Cache-Control", "max-age=3600"}, age: 59 * time.Minute,
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: 59 * time.Minute},
		{name: "max-age reached", kv: []string{"Cache-Control", "max-age=3600"}, age: time.Hour,
			expire: After(time.Hour), source: "response Cache-Control max-age", stale: true, wantAge: time.Hour},
		{name: "max-age zero", kv: []string{"Cache-Control", "max-age=0"}, age: 0,
			expire: Immediately, source: "response Cache-Control max-age", stale: true},
		{name: "no-cache", kv: []string{"Cache-Control", "no-cache"},
			expire: Immediately, source: "response Cache-Control no-cache", stale: true},
		{name: "no-cache beats max-age", kv: []string{"Cache-Control", "max-age=3600, no-cache"},
			expire: Immediately, source: "response Cache-Control no-cache", stale: true},
		{name: "no-store beats everything", kv: []string{"Cache-Control", "max-age=3600, no-cache, no-store"},
			expire: DoNotRecord, source: "response Cache-Control no-store", stale: true},
		{name: "s-maxage ignored", kv: []string{"Cache-Control", "s-maxage=60"}, age: time.Hour, none: true, wantAge: time.Hour},
		{name: "private and public ignored", kv: []string{"Cache-Control", "private, public, must-revalidate"}, none: true},
		{name: "qualified no-cache ignored", kv: []string{"Cache-Control", `no-cache="Set-Cookie"`}, none: true},

		{name: "Expires minus Date", kv: []string{"Date", date(0), "Expires", date(time.Hour)}, age: 30 * time.Minute,
			expire: After(time.Hour), source: "response Expires", wantAge: 30 * time.Minute},
		{name: "Expires relative to Date, not to the recording",
			kv: []string{"Date", date(-10 * time.Minute), "Expires", date(50 * time.Minute)}, age: 50 * time.Minute,
			// Lifetime 1h (Expires - Date); the response was already 10m
			// old when recorded (apparent age), so at 50m it is 1h old.
			expire: After(time.Hour), source: "response Expires", stale: true, wantAge: time.Hour},
		{name: "Expires without Date counts from the recording", kv: []string{"Expires", date(time.Hour)}, age: 59 * time.Minute,
			expire: After(time.Hour), source: "response Expires", wantAge: 59 * time.Minute},
		{name: "Expires with an invalid Date counts from the recording", kv: []string{"Date", "yesterday", "Expires", date(time.Hour)},
			age: time.Hour, expire: After(time.Hour), source: "response Expires", stale: true, wantAge: time.Hour},
		{name: "Expires in RFC 850 form", kv: []string{"Date", "Monday, 23-Nov-26 18:00:00 GMT", "Expires", "Monday, 23-Nov-26 19:00:00 GMT"},
			expire: After(time.Hour), source: "response Expires"},
		{name: "Expires before Date", kv: []string{"Date", date(0), "Expires", date(-time.Hour)},
			expire: Immediately, source: "response Expires", stale: true},
		{name: "Expires 0 is already expired", kv: []string{"Expires", "0"},
			expire: Immediately, source: "response Expires (invalid date)", stale: true},
		{name: "Expires -1 is already expired", kv: []string{"Expires", "-1"},
			expire: Immediately, source: "response Expires (invalid date)", stale: true},
		{name: "empty Expires is already expired", kv: []string{"Expires", ""},
			expire: Immediately, source: "response Expires (invalid date)", stale: true},
		{name: "max-age beats Expires", kv: []string{"Cache-Control", "max-age=60", "Expires", date(time.Hour)}, age: 2 * time.Minute,
			expire: After(time.Minute), source: "response Cache-Control max-age", stale: true, wantAge: 2 * time.Minute},
		{name: "malformed max-age falls back to Expires", kv: []string{"Cache-Control", "max-age=soon", "Expires", date(time.Hour)},
			expire: After(time.Hour), source: "response Expires"},
		{name: "first Expires counts", kv: []string{"Expires", date(time.Hour), "Expires", date(2 * time.Hour)},
			expire: After(time.Hour), source: "response Expires"},

		{name: "Age adds to the age", kv: []string{"Cache-Control", "max-age=3600", "Age", "600"}, age: 50 * time.Minute,
			expire: After(time.Hour), source: "response Cache-Control max-age", stale: true, wantAge: time.Hour},
		{name: "Age just under", kv: []string{"Cache-Control", "max-age=3600", "Age", "599"}, age: 50 * time.Minute,
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: time.Hour - time.Second},
		{name: "larger of Age and apparent age", kv: []string{"Cache-Control", "max-age=3600", "Age", "60", "Date", date(-5 * time.Minute)},
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: 5 * time.Minute},
		{name: "Date after the recording gives no apparent age", kv: []string{"Cache-Control", "max-age=3600", "Date", date(time.Hour)},
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: 0},
		{name: "list-valued Age counts by its first member", kv: []string{"Cache-Control", "max-age=3600", "Age", "5, 600"},
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: 5 * time.Second},
		{name: "malformed Age ignored", kv: []string{"Cache-Control", "max-age=3600", "Age", "ten"},
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: 0},
		{name: "negative Age ignored", kv: []string{"Cache-Control", "max-age=3600", "Age", "-600"},
			expire: After(time.Hour), source: "response Cache-Control max-age", wantAge: 0},
		{name: "huge Age clamped", kv: []string{"Cache-Control", "max-age=3600", "Age", "99999999999999999999"},
			expire: After(time.Hour), source: "response Cache-Control max-age", stale: true, wantAge: (1 << 31) * time.Second},
		{name: "Age alone says nothing about freshness", kv: []string{"Age", "600"}, none: true, wantAge: 10 * time.Minute},
		{name: "Last-Modified gives no heuristic lifetime", kv: []string{"Last-Modified", date(-24 * time.Hour)}, none: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy{HonorResponseHeaders: true}
			v := p.Check(nil, recorded(testURL, tc.kv...), recordedAt.Add(tc.age))
			if tc.none {
				assert.Equal(t, v.Level, SessionDefault, "decided by %s", v.Source)
				assert.Equal(t, v.Expire, Never)
			} else {
				assert.Equal(t, v.Level, ResponseHeaders)
				assert.Equal(t, v.Expire, tc.expire)
				assert.Equal(t, v.Source, tc.source)
			}
			assert.Equal(t, v.Stale, tc.stale)
			if tc.wantAge != 0 || !tc.none {
				assert.Equal(t, v.Age, tc.wantAge)
			}
		})
	}
}

func TestResponseHeadersOffByDefault(t *testing.T) {
	in := recorded(testURL, "Cache-Control", "no-store, max-age=0", "Expires", "0", "Age", "9999")
	v := Policy{}.Check(nil, in, recordedAt.Add(time.Minute))
	assert.DeepEqual(t, v, Verdict{Expire: Never, Level: SessionDefault, Source: "session default", Age: time.Minute})
	assert.Assert(t, Policy{}.Store(nil, &in.Response))
}

func TestRoundTripTimeCountsWithResponseHeaders(t *testing.T) {
	in := recorded(testURL, "Cache-Control", "max-age=60", "Age", "10")
	in.Duration = 2 * time.Second
	v := Policy{HonorResponseHeaders: true}.Check(nil, in, recordedAt)
	assert.Equal(t, v.Age, 12*time.Second, "Age header plus the round trip (RFC 9111 4.2.3)")

	v = Policy{Default: After(time.Hour)}.Check(nil, in, recordedAt)
	assert.Equal(t, v.Age, time.Duration(0), "without response headers the age is the time since recording")
}

func TestRequestHeaders(t *testing.T) {
	tests := []struct {
		name   string
		kv     []string
		age    time.Duration
		expire Expiration
		source string
		stale  bool
		none   bool
	}{
		{name: "no-store", kv: []string{"Cache-Control", "no-store"}, expire: DoNotRecord, source: "request Cache-Control no-store", stale: true},
		{name: "no-cache", kv: []string{"Cache-Control", "no-cache"}, expire: Immediately, source: "request Cache-Control no-cache", stale: true},
		{name: "max-age=0", kv: []string{"Cache-Control", "max-age=0"}, expire: Immediately, source: "request Cache-Control max-age", stale: true},
		{name: "max-age fresh", kv: []string{"Cache-Control", "max-age=60"}, age: 59 * time.Second, expire: After(time.Minute), source: "request Cache-Control max-age"},
		{name: "max-age stale", kv: []string{"Cache-Control", "max-age=60"}, age: time.Minute, expire: After(time.Minute), source: "request Cache-Control max-age", stale: true},
		{name: "no-store beats no-cache and max-age", kv: []string{"Cache-Control", "max-age=60, no-cache, no-store"}, expire: DoNotRecord, source: "request Cache-Control no-store", stale: true},
		{name: "no-cache beats max-age", kv: []string{"Cache-Control", "max-age=60, no-cache"}, expire: Immediately, source: "request Cache-Control no-cache", stale: true},
		{name: "no-cache with an argument still counts", kv: []string{"Cache-Control", "no-cache=x"}, expire: Immediately, source: "request Cache-Control no-cache", stale: true},
		{name: "max-stale and min-fresh ignored", kv: []string{"Cache-Control", "max-stale=60, min-fresh=10, only-if-cached"}, none: true},
		{name: "malformed max-age ignored", kv: []string{"Cache-Control", "max-age=-5"}, none: true},
		{name: "Pragma ignored", kv: []string{"Pragma", "no-cache"}, none: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy{Default: After(24 * time.Hour)}
			v := p.Check(live(t, testURL, tc.kv...), recorded(testURL), recordedAt.Add(tc.age))
			if tc.none {
				assert.Equal(t, v.Level, SessionDefault, "decided by %s", v.Source)
				return
			}
			assert.Equal(t, v.Level, RequestHeaders)
			assert.Equal(t, v.Expire, tc.expire)
			assert.Equal(t, v.Source, tc.source)
			assert.Equal(t, v.Stale, tc.stale)
		})
	}
}

func TestRevalidate(t *testing.T) {
	lastModified := recordedAt.Add(-time.Hour).Format(http.TimeFormat)
	tests := []struct {
		name   string
		policy Policy
		kv     []string
		want   bool
	}{
		{name: "stale with ETag", policy: Policy{Default: Immediately}, kv: []string{"Etag", `"v1"`}, want: true},
		{name: "stale with Last-Modified", policy: Policy{Default: Immediately}, kv: []string{"Last-Modified", lastModified}, want: true},
		{name: "stale without validators", policy: Policy{Default: Immediately}},
		{name: "stale with an invalid Last-Modified", policy: Policy{Default: Immediately}, kv: []string{"Last-Modified", "last week"}},
		{name: "fresh with ETag", policy: Policy{Default: After(time.Hour)}, kv: []string{"Etag", `"v1"`}},
		{name: "never with ETag", policy: Policy{}, kv: []string{"Etag", `"v1"`}},
		{name: "do-not-record with ETag", policy: Policy{Default: DoNotRecord}, kv: []string{"Etag", `"v1"`}},
		{name: "response no-cache with ETag", policy: Policy{HonorResponseHeaders: true}, kv: []string{"Cache-Control", "no-cache", "Etag", `"v1"`}, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.policy.Check(nil, recorded(testURL, tc.kv...), recordedAt.Add(time.Minute))
			assert.Equal(t, v.Revalidate, tc.want)
		})
	}
}

func TestVerdictString(t *testing.T) {
	tests := []struct {
		name string
		v    Verdict
		want string
	}{
		{name: "stale rule",
			v:    Verdict{Stale: true, Expire: After(time.Hour), Level: URLRule, Source: `rule "api.example.com/*"`, Age: 2*time.Hour + 300*time.Millisecond},
			want: `stale: age 2h, rule "api.example.com/*"=1h, expired 1h ago`},
		{name: "fresh response header",
			v:    Verdict{Expire: After(time.Hour), Level: ResponseHeaders, Source: "response Cache-Control max-age", Age: 10 * time.Minute},
			want: "fresh: age 10m, response Cache-Control max-age=1h, expires in 50m"},
		{name: "never",
			v:    Verdict{Expire: Never, Source: "session default", Age: 72 * time.Hour},
			want: "fresh: age 3d, session default=never"},
		{name: "immediately",
			v:    Verdict{Stale: true, Expire: Immediately, Level: RequestHeaders, Source: "request Cache-Control no-cache", Age: 90 * time.Second},
			want: "stale: age 1m30s, request Cache-Control no-cache=immediately, expired 1m30s ago"},
		{name: "do-not-record",
			v:    Verdict{Stale: true, Expire: DoNotRecord, Level: URLRule, Source: `rule "auth.example.com/**"`, Age: time.Hour},
			want: `do-not-record: rule "auth.example.com/**"=do-not-record`},
		{name: "just recorded",
			v:    Verdict{Expire: After(time.Hour), Source: "session default"},
			want: "fresh: age 0s, session default=1h, expires in 1h"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.v.String(), tc.want)
		})
	}
}

func TestVerdictFromCheckReadsWell(t *testing.T) {
	p := Policy{Rules: []Rule{{Pattern: "api.example.com/*/*", Expire: After(time.Hour)}}}
	v := p.Check(nil, recorded(testURL), recordedAt.Add(2*time.Hour))
	assert.Equal(t, v.String(), `stale: age 2h, rule "api.example.com/*/*"=1h, expired 1h ago`)
}

func TestStore(t *testing.T) {
	noStore := &cassette.Response{Code: 200, Headers: headers("Cache-Control", "private, no-store")}
	maxAge := &cassette.Response{Code: 200, Headers: headers("Cache-Control", "max-age=60")}
	auth := Rule{Pattern: "auth.example.com/**", Expire: DoNotRecord}
	tests := []struct {
		name   string
		policy Policy
		ctx    context.Context
		url    string
		kv     []string
		resp   *cassette.Response
		noReq  bool
		want   bool
	}{
		{name: "zero policy records", want: true},
		{name: "zero policy records with a response", resp: maxAge, want: true},
		{name: "request no-store", kv: []string{"Cache-Control", "no-store"}},
		{name: "request no-store beats a per-request expiration", ctx: WithExpiration(context.Background(), Never), kv: []string{"Cache-Control", "no-store"}},
		{name: "request no-cache still records", kv: []string{"Cache-Control", "no-cache"}, want: true},
		{name: "response no-store when honored", policy: Policy{HonorResponseHeaders: true}, resp: noStore},
		{name: "response no-store ignored by default", resp: noStore, want: true},
		{name: "response max-age when honored", policy: Policy{HonorResponseHeaders: true}, resp: maxAge, want: true},
		{name: "default do-not-record", policy: Policy{Default: DoNotRecord}},
		{name: "rule do-not-record", policy: Policy{Rules: []Rule{auth}}, url: "https://auth.example.com/token"},
		{name: "rule do-not-record elsewhere", policy: Policy{Rules: []Rule{auth}}, want: true},
		{name: "rule do-not-record beats response max-age", policy: Policy{Rules: []Rule{auth}, HonorResponseHeaders: true},
			url: "https://auth.example.com/token", resp: maxAge},
		{name: "rule do-not-record beats request max-age", policy: Policy{Rules: []Rule{auth}},
			url: "https://auth.example.com/token", kv: []string{"Cache-Control", "max-age=60"}},
		{name: "per-request do-not-record", ctx: WithExpiration(context.Background(), DoNotRecord)},
		{name: "per-request overrides a do-not-record rule", policy: Policy{Rules: []Rule{auth}},
			url: "https://auth.example.com/token", ctx: WithExpiration(context.Background(), After(time.Hour)), want: true},
		{name: "rule overrides a do-not-record default",
			policy: Policy{Default: DoNotRecord, Rules: []Rule{{Pattern: "api.example.com/**", Expire: Never}}}, want: true},
		{name: "no request, default do-not-record", policy: Policy{Default: DoNotRecord}, noReq: true},
		{name: "no request, response no-store", policy: Policy{HonorResponseHeaders: true}, resp: noStore, noReq: true},
		{name: "no request records", noReq: true, resp: maxAge, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var req *http.Request
			if !tc.noReq {
				ctx, url := tc.ctx, tc.url
				if ctx == nil {
					ctx = context.Background()
				}
				if url == "" {
					url = testURL
				}
				req = liveCtx(t, ctx, url, tc.kv...)
			}
			assert.Equal(t, tc.policy.Store(req, tc.resp), tc.want)
		})
	}
}

// TestStoreAgreesWithCheck checks that what Store refuses, Check reports as
// do-not-record, so the recorder never replays what it would not record.
func TestStoreAgreesWithCheck(t *testing.T) {
	policies := []Policy{
		{},
		{Default: DoNotRecord},
		{Rules: []Rule{{Pattern: "api.example.com/**", Expire: DoNotRecord}}},
		{HonorResponseHeaders: true},
	}
	requests := [][]string{nil, {"Cache-Control", "no-store"}, {"Cache-Control", "max-age=60"}}
	responses := [][]string{nil, {"Cache-Control", "no-store"}, {"Cache-Control", "max-age=60"}}
	for _, p := range policies {
		for _, reqKV := range requests {
			for _, respKV := range responses {
				req := live(t, testURL, reqKV...)
				in := recorded(testURL, respKV...)
				store := p.Store(req, &in.Response)
				v := p.Check(req, in, recordedAt)
				assert.Equal(t, store, v.Expire != DoNotRecord, "policy %+v, request %q, response %q: %v", p, reqKV, respKV, v)
			}
		}
	}
}
