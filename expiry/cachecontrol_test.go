package expiry

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gotest.tools/v3/assert"
)

// cmpDirectives lets cmp look at the unexported fields of directives.
var cmpDirectives = cmp.AllowUnexported(directives{})

func TestParseCacheControl(t *testing.T) {
	maxAge := func(secs int64) directives {
		return directives{maxAge: time.Duration(secs) * time.Second, hasMaxAge: true}
	}
	tests := []struct {
		name     string
		lines    []string // Cache-Control field lines; nil means no header
		request  directives
		response directives
	}{
		{name: "no header"},
		{name: "empty", lines: []string{""}},
		{name: "only separators", lines: []string{" , ,\t,"}},
		{name: "no-store", lines: []string{"no-store"}, request: directives{noStore: true}, response: directives{noStore: true}},
		{name: "no-cache", lines: []string{"no-cache"}, request: directives{noCache: true}, response: directives{noCache: true}},
		{name: "max-age", lines: []string{"max-age=60"}, request: maxAge(60), response: maxAge(60)},
		{name: "max-age zero", lines: []string{"max-age=0"}, request: maxAge(0), response: maxAge(0)},
		{name: "upper case", lines: []string{"No-Store, MAX-AGE=5"},
			request:  directives{noStore: true, maxAge: 5 * time.Second, hasMaxAge: true},
			response: directives{noStore: true, maxAge: 5 * time.Second, hasMaxAge: true}},
		{name: "several directives", lines: []string{"private, max-age=300, must-revalidate"}, request: maxAge(300), response: maxAge(300)},
		{name: "several lines are one list", lines: []string{"private", "no-cache", "max-age=7"},
			request:  directives{noCache: true, maxAge: 7 * time.Second, hasMaxAge: true},
			response: directives{noCache: true, maxAge: 7 * time.Second, hasMaxAge: true}},
		{name: "quoted max-age", lines: []string{`max-age="60"`}, request: maxAge(60), response: maxAge(60)},
		{name: "spaces around equals", lines: []string{"max-age = 60"}, request: maxAge(60), response: maxAge(60)},
		{name: "no spaces after commas", lines: []string{"no-store,max-age=1"},
			request:  directives{noStore: true, maxAge: time.Second, hasMaxAge: true},
			response: directives{noStore: true, maxAge: time.Second, hasMaxAge: true}},
		{name: "first max-age wins", lines: []string{"max-age=10, max-age=20"}, request: maxAge(10), response: maxAge(10)},
		{name: "first valid max-age wins", lines: []string{"max-age=abc, max-age=20"}, request: maxAge(20), response: maxAge(20)},
		{name: "s-maxage ignored", lines: []string{"s-maxage=600"}},
		{name: "s-maxage does not shadow max-age", lines: []string{"s-maxage=600, max-age=60"}, request: maxAge(60), response: maxAge(60)},
		{name: "huge max-age clamped to 2^31", lines: []string{"max-age=99999999999999999999999"}, request: maxAge(1 << 31), response: maxAge(1 << 31)},
		{name: "2^31 kept", lines: []string{"max-age=2147483648"}, request: maxAge(1 << 31), response: maxAge(1 << 31)},
		{name: "leading zeros", lines: []string{"max-age=007"}, request: maxAge(7), response: maxAge(7)},

		// Malformed directives are ignored; the rest of the line still counts.
		{name: "max-age not a number", lines: []string{"max-age=abc, no-store"}, request: directives{noStore: true}, response: directives{noStore: true}},
		{name: "max-age negative", lines: []string{"max-age=-1"}},
		{name: "max-age fraction", lines: []string{"max-age=1.5"}},
		{name: "max-age empty", lines: []string{"max-age="}},
		{name: "max-age without value", lines: []string{"max-age"}},
		{name: "max-age space inside", lines: []string{"max-age=6 0"}},
		{name: "unterminated quote", lines: []string{`max-age="60, no-store`}},
		{name: "junk after quote skipped", lines: []string{`max-age="60"x, no-cache`},
			request:  directives{noCache: true, maxAge: 60 * time.Second, hasMaxAge: true},
			response: directives{noCache: true, maxAge: 60 * time.Second, hasMaxAge: true}},
		{name: "equals without name", lines: []string{"=5, no-cache"}, request: directives{noCache: true}, response: directives{noCache: true}},
		{name: "no-store with argument still honored", lines: []string{"no-store=1"}, request: directives{noStore: true}, response: directives{noStore: true}},

		// A qualified no-cache in a response names fields; it does not make
		// the whole response stale.
		{name: "qualified no-cache", lines: []string{`no-cache="Set-Cookie, X-Token", max-age=60`},
			request:  directives{noCache: true, maxAge: 60 * time.Second, hasMaxAge: true},
			response: maxAge(60)},
		{name: "escaped quote in value", lines: []string{`private="a\"b", max-age=3`}, request: maxAge(3), response: maxAge(3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.lines != nil {
				h["Cache-Control"] = tc.lines
			}
			assert.DeepEqual(t, core(parseCacheControl(h, false)), tc.request, cmpDirectives)
			assert.DeepEqual(t, core(parseCacheControl(h, true)), tc.response, cmpDirectives)
		})
	}
}

// core is d without the directives only Policy.HTTPCache reads
// (TestParseCacheControlHTTPCache checks those).
func core(d directives) directives {
	return directives{noStore: d.noStore, noCache: d.noCache, maxAge: d.maxAge, hasMaxAge: d.hasMaxAge}
}

func TestParseCacheControlHTTPCache(t *testing.T) {
	tests := []struct {
		line string
		want directives
	}{
		{"max-age=abc", directives{badMaxAge: true}},
		{"max-age", directives{badMaxAge: true}},
		{"max-age=-1, max-age=5", directives{badMaxAge: true, maxAge: 5 * time.Second, hasMaxAge: true}},
		{"Must-Revalidate, public, private", directives{mustRevalidate: true, public: true, private: true}},
		{"no-store, must-understand", directives{noStore: true, mustUnderstand: true}},
		{"max-stale", directives{hasMaxStale: true, anyStale: true}},
		{"max-stale=30, min-fresh=10, only-if-cached", directives{hasMaxStale: true, maxStale: 30 * time.Second, minFresh: 10 * time.Second, onlyIfCached: true}},
	}
	for _, tc := range tests {
		got := parseCacheControl(http.Header{"Cache-Control": {tc.line}}, false)
		assert.DeepEqual(t, got, tc.want, cmpDirectives)
	}
}

func TestParseCacheControlNonCanonicalKey(t *testing.T) {
	h := http.Header{"cache-control": {"no-store"}}
	assert.DeepEqual(t, parseCacheControl(h, true), directives{noStore: true}, cmpDirectives)

	// Two spellings are read in sorted key order: "CACHE-CONTROL" < "cache-control".
	h = http.Header{"cache-control": {"max-age=2"}, "CACHE-CONTROL": {"max-age=1"}}
	assert.DeepEqual(t, parseCacheControl(h, true), directives{maxAge: time.Second, hasMaxAge: true}, cmpDirectives)
}

func TestForEachDirective(t *testing.T) {
	type directive struct {
		Name, Value string
		HasValue    bool
	}
	tests := []struct {
		in   string
		want []directive
	}{
		{in: ""},
		{in: "public", want: []directive{{Name: "public"}}},
		{in: "a=1, b, c=\"x,y\"", want: []directive{{"a", "1", true}, {Name: "b"}, {"c", "x,y", true}}},
		{in: `a="\\\"", b=2`, want: []directive{{"a", `\"`, true}, {"b", "2", true}}},
		{in: `a="x\`, want: []directive{{"a", "x", true}}},
		{in: "a=", want: []directive{{"a", "", true}}},
		{in: "=b", want: nil},
		{in: "A=B", want: []directive{{"a", "B", true}}},
		{in: "a==b", want: []directive{{"a", "=b", true}}},
		{in: "\ta\t=\t1\t", want: []directive{{"a", "1", true}}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			var got []directive
			forEachDirective(tc.in, func(name, value string, hasValue bool) {
				got = append(got, directive{name, value, hasValue})
			})
			assert.DeepEqual(t, got, tc.want)
		})
	}
}

func TestParseDeltaSeconds(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{in: "0", want: 0, ok: true},
		{in: "3600", want: 3600, ok: true},
		{in: "2147483647", want: 2147483647, ok: true},
		{in: "2147483649", want: 1 << 31, ok: true},
		{in: "18446744073709551616", want: 1 << 31, ok: true},
		{in: ""},
		{in: "-1"},
		{in: "+1"},
		{in: "1e3"},
		{in: " 1"},
		{in: "١"}, // an Arabic-Indic digit is not a DIGIT
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseDeltaSeconds(tc.in)
			assert.Equal(t, ok, tc.ok)
			assert.Equal(t, got, tc.want)
		})
	}
}
