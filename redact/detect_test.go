package redact

import (
	"regexp/syntax"
	"testing"
)

func TestMinMatchLen(t *testing.T) {
	for _, tc := range []struct {
		expr string
		want int
	}{
		{`abc`, 3}, {`a{3}b+c*d?`, 4}, {`(?i)abc`, 3}, {`x|yz`, 1}, {`é`, 2}, {`\bfoo$`, 3},
		{`(?:ab){2,}|[a-z]{5}`, 4}, {`(?s:.)\d`, 2}, {`(a)(?:b|)`, 1}, {`^$`, 0},
	} {
		re, err := syntax.Parse(tc.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := minMatchLen(re); got != tc.want {
			t.Errorf("minMatchLen(%q) = %d, want %d", tc.expr, got, tc.want)
		}
	}
}
