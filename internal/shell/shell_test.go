package shell

import (
	"os/exec"
	"testing"

	"gotest.tools/v3/assert"
)

var quoteTests = []struct{ in, want string }{
	{"fixtures/github.yaml", "fixtures/github.yaml"},
	{"response.body", "response.body"},
	{"api.example.com/*=1h", "'api.example.com/*=1h'"},
	{"^TestRepo$/^get$", "'^TestRepo$/^get$'"},
	{"response.body $.token", "'response.body $.token'"},
	{"it's", `'it'\''s'`},
	{"", "''"},
	{"~/x", "'~/x'"},
	{"a\nb", "'a\nb'"},
}

func TestQuote(t *testing.T) {
	for _, tt := range quoteTests {
		assert.Equal(t, Quote(tt.in), tt.want, "Quote(%q)", tt.in)
	}
}

// TestQuoteInAShell checks that sh reads every quoted argument back as it
// was.
func TestQuoteInAShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to run")
	}
	for _, tt := range quoteTests {
		out, err := exec.Command(sh, "-c", "printf %s "+Quote(tt.in)).Output()
		assert.NilError(t, err, "sh -c %q", "printf %s "+Quote(tt.in))
		assert.Equal(t, string(out), tt.in)
	}
}
