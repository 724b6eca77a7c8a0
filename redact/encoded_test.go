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

func FuzzBase64Runs(f *testing.F) {
	f.Add("dGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kaW5n==")
	f.Add(strings.Repeat("ab=", 20))
	f.Fuzz(func(t *testing.T, s string) {
		checkBase64Runs(t, s)
	})
}

func TestRuleSetHoldsEveryRule(t *testing.T) {
	if len(tokenRules) > maxRules {
		t.Fatalf("%d token rules, a ruleSet holds %d: raise maxRules", len(tokenRules), maxRules)
	}
}
