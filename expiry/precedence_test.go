package expiry

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

// A setup holds what each precedence level says in one test case.
type setup struct {
	policy  Policy
	ctx     context.Context
	reqKV   []string // live request headers
	respKV  []string // recorded response headers
	noReq   bool     // check without a live request
	recURL  string
	liveURL string
}

func newSetup() *setup {
	return &setup{ctx: context.Background(), recURL: testURL, liveURL: testURL}
}

func (s *setup) check(t *testing.T, now time.Time) Verdict {
	t.Helper()
	var req *http.Request
	if !s.noReq {
		req = liveCtx(t, s.ctx, s.liveURL, s.reqKV...)
	}
	return s.policy.Check(req, recorded(s.recURL, s.respKV...), now)
}

// setLevel makes level l say e. Header levels can only say what headers
// can: a max-age (After, Immediately as max-age=0), no-cache (Immediately)
// or no-store (DoNotRecord); they cannot say Never.
func (s *setup) setLevel(t *testing.T, l Level, e Expiration) {
	t.Helper()
	header := func() []string {
		switch ttl, ok := e.TTL(); {
		case e == DoNotRecord:
			return []string{"Cache-Control", "no-store"}
		case e == Immediately:
			return []string{"Cache-Control", "no-cache"}
		case ok && ttl%time.Second == 0:
			return []string{"Cache-Control", fmt.Sprintf("max-age=%d", ttl/time.Second)}
		}
		t.Fatalf("headers cannot say %v", e)
		return nil
	}
	switch l {
	case RequestHeaders:
		s.reqKV = append(s.reqKV, header()...)
	case ResponseHeaders:
		s.policy.HonorResponseHeaders = true
		s.respKV = append(s.respKV, header()...)
	case PerRequest:
		s.ctx = WithExpiration(s.ctx, e)
	case URLRule:
		s.policy.Rules = append(s.policy.Rules, Rule{Pattern: "api.example.com/users/*", Expire: e})
	case SessionDefault:
		s.policy.Default = e
	}
}

var allLevels = []Level{SessionDefault, URLRule, PerRequest, ResponseHeaders, RequestHeaders}

// levelValue gives each level its own expiration so the test can tell
// which one decided: 1m for request headers up to 5m for the default.
func levelValue(l Level) Expiration {
	return After(time.Duration(5-int(l)) * time.Minute)
}

// TestPrecedenceEverySubset sets every subset of the five levels (so every
// pair, and every larger combination) and checks that the highest level in
// the subset decides.
func TestPrecedenceEverySubset(t *testing.T) {
	for mask := 0; mask < 1<<len(allLevels); mask++ {
		var names []string
		s := newSetup()
		// A response header level that is present but not enabled must
		// be ignored: the response always says max-age=999 unless the
		// ResponseHeaders level is in the subset (HonorResponseHeaders off).
		respIgnored := true
		want := decision{expire: Never, level: SessionDefault, source: "session default"}
		for _, l := range allLevels {
			if mask&(1<<int(l)) == 0 {
				continue
			}
			names = append(names, l.String())
			s.setLevel(t, l, levelValue(l))
			if l == ResponseHeaders {
				respIgnored = false
			}
			want = decision{expire: levelValue(l), level: l}
		}
		if respIgnored {
			s.respKV = append(s.respKV, "Cache-Control", "max-age=999")
		}
		name := strings.Join(names, "+")
		if name == "" {
			name = "nothing set"
		}
		t.Run(name, func(t *testing.T) {
			v := s.check(t, recordedAt.Add(30*time.Second))
			assert.Equal(t, v.Level, want.level, "decided by %s (%s), want %s", v.Level, v.Source, want.level)
			assert.Equal(t, v.Expire, want.expire)
		})
	}
}

// TestPrecedenceEveryPair checks, for every pair of levels, that the higher
// one decides whatever its value, also when it gives a longer life than the
// lower one, Never, or Immediately.
func TestPrecedenceEveryPair(t *testing.T) {
	values := []Expiration{After(time.Hour), After(time.Minute), Immediately, Never}
	for hi := len(allLevels) - 1; hi > 0; hi-- {
		for lo := hi - 1; lo >= 0; lo-- {
			high, low := allLevels[hi], allLevels[lo]
			for _, hv := range values {
				for _, lv := range values {
					if hv == lv {
						continue
					}
					if (high >= ResponseHeaders && hv == Never) || (low >= ResponseHeaders && lv == Never) {
						continue // headers cannot say "never"
					}
					name := fmt.Sprintf("%s=%v over %s=%v", high, hv, low, lv)
					t.Run(name, func(t *testing.T) {
						s := newSetup()
						s.setLevel(t, low, lv)
						s.setLevel(t, high, hv)
						v := s.check(t, recordedAt.Add(30*time.Second))
						assert.Equal(t, v.Level, high, "decided by %s (%s)", v.Level, v.Source)
						assert.Equal(t, v.Expire, hv)
						ttl, hasTTL := hv.TTL()
						assert.Equal(t, v.Stale, hasTTL && ttl <= 30*time.Second)
					})
				}
			}
		}
	}
}

// TestDoNotRecordIsAVeto checks the one exception to "highest wins": a
// DoNotRecord at any consulted level beats the freshness of every level
// above it, and the highest level saying DoNotRecord is reported.
func TestDoNotRecordIsAVeto(t *testing.T) {
	for lo := range allLevels {
		for hi := lo + 1; hi < len(allLevels); hi++ {
			low, high := allLevels[lo], allLevels[hi]
			// Configured levels shadow each other: a per-request
			// expiration means the rule and default are not consulted.
			if low <= PerRequest && high <= PerRequest {
				continue
			}
			t.Run(fmt.Sprintf("%s do-not-record under %s=1h", low, high), func(t *testing.T) {
				s := newSetup()
				s.setLevel(t, low, DoNotRecord)
				s.setLevel(t, high, After(time.Hour))
				v := s.check(t, recordedAt.Add(time.Minute))
				assert.Equal(t, v.Expire, DoNotRecord)
				assert.Equal(t, v.Level, low)
				assert.Assert(t, v.Stale)
				assert.Assert(t, !v.Revalidate)
				assert.Equal(t, v.ExpiresAt, time.Time{})
			})
		}
	}
}

// TestConfiguredLevelsShadow checks that among the user's own settings only
// the highest one that is set is consulted, so a DoNotRecord default or
// rule can be overridden by something more specific.
func TestConfiguredLevelsShadow(t *testing.T) {
	tests := []struct {
		name      string
		set       func(s *setup)
		wantLevel Level
		want      Expiration
	}{
		{name: "rule records what the default does not",
			set: func(s *setup) {
				s.policy.Default = DoNotRecord
				s.policy.Rules = []Rule{{Pattern: "api.example.com/**", Expire: After(time.Hour)}}
			},
			wantLevel: URLRule, want: After(time.Hour)},
		{name: "default applies to URLs no rule matches",
			set: func(s *setup) {
				s.policy.Default = DoNotRecord
				s.policy.Rules = []Rule{{Pattern: "other.example.com/**", Expire: After(time.Hour)}}
			},
			wantLevel: SessionDefault, want: DoNotRecord},
		{name: "per-request records what the rule does not",
			set: func(s *setup) {
				s.policy.Rules = []Rule{{Pattern: "api.example.com/**", Expire: DoNotRecord}}
				s.ctx = WithExpiration(s.ctx, After(time.Hour))
			},
			wantLevel: PerRequest, want: After(time.Hour)},
		{name: "per-request do-not-record beats a rule",
			set: func(s *setup) {
				s.policy.Rules = []Rule{{Pattern: "api.example.com/**", Expire: Never}}
				s.ctx = WithExpiration(s.ctx, DoNotRecord)
			},
			wantLevel: PerRequest, want: DoNotRecord},
		{name: "innermost WithExpiration wins",
			set: func(s *setup) {
				s.ctx = WithExpiration(WithExpiration(s.ctx, After(time.Hour)), After(time.Minute))
			},
			wantLevel: PerRequest, want: After(time.Minute)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSetup()
			tc.set(s)
			v := s.check(t, recordedAt)
			assert.Equal(t, v.Level, tc.wantLevel)
			assert.Equal(t, v.Expire, tc.want)
		})
	}
}

// TestCheckWithoutRequest checks the listing case (no live request): the
// request header and per-request levels are skipped, the rest still apply.
func TestCheckWithoutRequest(t *testing.T) {
	s := newSetup()
	for _, l := range allLevels {
		s.setLevel(t, l, levelValue(l))
	}
	s.noReq = true
	v := s.check(t, recordedAt)
	assert.Equal(t, v.Level, ResponseHeaders)
	assert.Equal(t, v.Expire, levelValue(ResponseHeaders))

	s.policy.HonorResponseHeaders = false
	v = s.check(t, recordedAt)
	assert.Equal(t, v.Level, URLRule)
	assert.Equal(t, v.Source, `rule "api.example.com/users/*"`)
}

// TestRulesMatchTheRecordedURL checks that URL rules look at the recorded
// URL, so a verdict is the same with and without a live request.
func TestRulesMatchTheRecordedURL(t *testing.T) {
	s := newSetup()
	s.policy.Rules = []Rule{{Pattern: "api.example.com/users/*", Expire: After(time.Hour)}}
	s.liveURL = "https://elsewhere.example.org/other"
	v := s.check(t, recordedAt)
	assert.Equal(t, v.Level, URLRule)

	s.recURL = "::not a url"
	v = s.check(t, recordedAt)
	assert.Equal(t, v.Level, SessionDefault, "an unparsable recorded URL matches no rule")
}

func TestLevelString(t *testing.T) {
	var got []string
	for _, l := range append(allLevels, Level(9)) {
		got = append(got, l.String())
	}
	assert.DeepEqual(t, got, []string{"session default", "URL rule", "per-request", "response headers", "request headers", "Level(9)"})
}
