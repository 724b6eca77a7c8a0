package redact

import (
	"regexp"
	"strings"
	"testing"
)

// base64Run is the regular expression whose matches nextBase64Run finds.
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{24,}={0,2}`)

// base64Runs returns the runs nextBase64Run finds in s, one after the other.
func base64Runs(s string) [][]int {
	var runs [][]int
	for off := 0; ; {
		start, end := nextBase64Run(s[off:])
		if start < 0 {
			return runs
		}
		runs = append(runs, []int{off + start, off + end})
		off += end
	}
}

func checkBase64Runs(t *testing.T, s string) {
	t.Helper()
	want, got := base64Run.FindAllStringIndex(s, -1), base64Runs(s)
	if len(want) != len(got) {
		t.Fatalf("%q: runs %v, the regular expression finds %v", s, got, want)
	}
	for i := range want {
		if want[i][0] != got[i][0] || want[i][1] != got[i][1] {
			t.Fatalf("%q: runs %v, the regular expression finds %v", s, got, want)
		}
	}
}

func TestBase64RunsAsTheRegexp(t *testing.T) {
	long := strings.Repeat("Ab9+/_-", 5)
	for _, s := range []string{
		"", "short", long, long + "=", long + "==", long + "===", long + "====" + long, "x " + long + " y",
		long + "=" + long, strings.Repeat("a", 23), strings.Repeat("a", 24), "é" + long + "é",
		"dGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kaW5n==,eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0",
	} {
		checkBase64Runs(t, s)
	}
}

func TestRuleSetHoldsEveryRule(t *testing.T) {
	if len(tokenRules) > maxRules {
		t.Fatalf("%d token rules, a ruleSet holds %d: raise maxRules", len(tokenRules), maxRules)
	}
}

// findTokensByRegexp is findTokens as it was written before hintedRules
// and need: every rule's hints searched one by one. The tests hold the two
// to the same detections.
func findTokensByRegexp(s string, text bool) []detection {
	var found []detection
	for i := range tokenRules {
		rule := &tokenRules[i]
		hinted := false
		for _, h := range rule.hints {
			hinted = hinted || strings.Contains(s, h)
		}
		if rule.textOnly && !text || !hinted {
			continue
		}
		for _, m := range rule.re.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				start, end = m[2], m[3]
			}
			match := s[start:end]
			if rule.valid != nil && !rule.valid(match) {
				continue
			}
			d := detection{rule: rule, kind: rule.kind, match: match, excerpt: mask(match)}
			switch rule.kind {
			case KindPrivateKey:
				d.excerpt, _, _ = strings.Cut(match, "\n")
				d.excerpt = strings.TrimSpace(d.excerpt)
			case KindBearer:
				d.excerpt = "Bearer " + mask(match)
			}
			found = append(found, d)
		}
	}
	return found
}

// findEncodedByRegexp is findEncoded with base64Run and
// findTokensByRegexp.
func findEncodedByRegexp(s string) []detection {
	var found []detection
	for _, loc := range base64Run.FindAllStringIndex(s, -1) {
		run := s[loc[0]:loc[1]]
		if len(run) > maxEncoded {
			continue
		}
		plain, ok := decodeBase64(run)
		if !ok {
			continue
		}
		for _, d := range findTokensByRegexp(plain, true) {
			d.excerpt = mask(run) + " (base64 of " + d.excerpt + ")"
			d.match = run
			found = append(found, d)
		}
	}
	return found
}

func checkDetections(t *testing.T, s string) {
	t.Helper()
	checkBase64Runs(t, s)
	for _, text := range []bool{false, true} {
		if got, want := findTokens(s, text), findTokensByRegexp(s, text); !sameDetections(got, want) {
			t.Fatalf("findTokens(%q, %v) = %v, want %v", s, text, got, want)
		}
	}
	if got, want := findEncoded(s), findEncodedByRegexp(s); !sameDetections(got, want) {
		t.Fatalf("findEncoded(%q) = %v, want %v", s, got, want)
	}
}

func sameDetections(a, b []detection) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDetectionsAsBefore(t *testing.T) {
	for _, s := range []string{
		"", "nothing here", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123",
		"postgres://app:s3cr3tpass@db.example.com/x", "https://example.com/@user", "a@b://c",
		"ghp_" + strings.Repeat("a1B2", 9), "AKIAABCDEFGHIJKLMNOP", "xoxb-1234567890-abcdef",
		"sk-proj-" + strings.Repeat("aB3", 10), "glpat-" + strings.Repeat("x", 20),
		"Z2hwX2FhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=", // base64 of a GitHub-like token
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
	} {
		checkDetections(t, s)
	}
}

// FuzzDetectionsAsBefore checks that the scan's token search finds what
// it found before its prefilters, and the base64 runs the regular
// expression finds.
func FuzzDetectionsAsBefore(f *testing.F) {
	f.Add("postgres://app:s3cr3tpass@db.example.com/x ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
	f.Add("Bearer abcdefghijklmnopqrstuvwxyz0123 AKIAABCDEFGHIJKLMNOP")
	f.Add("dGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kaW5n==")
	f.Add(strings.Repeat("ab=", 20))
	f.Fuzz(func(t *testing.T, s string) {
		checkDetections(t, s)
	})
}
