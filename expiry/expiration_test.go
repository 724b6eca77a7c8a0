package expiry

import (
	"errors"
	"flag"
	"math"
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestExpirationValues(t *testing.T) {
	tests := []struct {
		name   string
		e      Expiration
		str    string
		ttl    time.Duration
		hasTTL bool
	}{
		{name: "zero value is never", e: Expiration(0), str: "never"},
		{name: "never", e: Never, str: "never"},
		{name: "immediately", e: Immediately, str: "immediately", ttl: 0, hasTTL: true},
		{name: "do-not-record", e: DoNotRecord, str: "do-not-record"},
		{name: "after one hour", e: After(time.Hour), str: "1h", ttl: time.Hour, hasTTL: true},
		{name: "after 90 minutes", e: After(90 * time.Minute), str: "1h30m", ttl: 90 * time.Minute, hasTTL: true},
		{name: "after 7 days", e: After(7 * 24 * time.Hour), str: "7d", ttl: 7 * 24 * time.Hour, hasTTL: true},
		{name: "after 1 day 2 hours", e: After(26 * time.Hour), str: "1d2h", ttl: 26 * time.Hour, hasTTL: true},
		{name: "after 1.5 seconds", e: After(1500 * time.Millisecond), str: "1.5s", ttl: 1500 * time.Millisecond, hasTTL: true},
		{name: "after 45 seconds", e: After(45 * time.Second), str: "45s", ttl: 45 * time.Second, hasTTL: true},
		{name: "after zero is immediately", e: After(0), str: "immediately", ttl: 0, hasTTL: true},
		{name: "after negative is immediately", e: After(-time.Hour), str: "immediately", ttl: 0, hasTTL: true},
		{name: "other negative values act as immediately", e: Expiration(-42), str: "immediately", ttl: 0, hasTTL: true},
		{name: "longest duration", e: After(math.MaxInt64), str: "106751d23h47m16.854775807s", ttl: math.MaxInt64, hasTTL: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.e.String(), tc.str)
			ttl, ok := tc.e.TTL()
			assert.Equal(t, ok, tc.hasTTL)
			assert.Equal(t, ttl, tc.ttl)

			// String is what ParseExpiration reads back.
			back, err := ParseExpiration(tc.str)
			assert.NilError(t, err)
			assert.Equal(t, back.String(), tc.str)
		})
	}
}

func TestAfterIsTheDuration(t *testing.T) {
	assert.Equal(t, After(24*time.Hour), Expiration(24*time.Hour))
	assert.Assert(t, After(time.Nanosecond) != Never)
}

func TestParseExpiration(t *testing.T) {
	tests := []struct {
		in   string
		want Expiration
	}{
		{in: "never", want: Never},
		{in: "  NEVER ", want: Never},
		{in: "0", want: Immediately},
		{in: "0s", want: Immediately},
		{in: "0d", want: Immediately},
		{in: "immediately", want: Immediately},
		{in: "Immediately", want: Immediately},
		{in: "do-not-record", want: DoNotRecord},
		{in: "DO-NOT-RECORD", want: DoNotRecord},
		{in: "24h", want: After(24 * time.Hour)},
		{in: "90m", want: After(90 * time.Minute)},
		{in: "1h30m", want: After(90 * time.Minute)},
		{in: "1.5s", want: After(1500 * time.Millisecond)},
		{in: "+5m", want: After(5 * time.Minute)},
		{in: "7d", want: After(7 * 24 * time.Hour)},
		{in: "1d12h", want: After(36 * time.Hour)},
		{in: "2D", want: After(48 * time.Hour)},
		{in: "106751d", want: After(106751 * 24 * time.Hour)},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseExpiration(tc.in)
			assert.NilError(t, err)
			assert.Equal(t, got, tc.want)
		})
	}
}

func TestParseExpirationErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "empty", in: "", want: `bad expiration "": it is empty; use never, immediately (or 0), do-not-record, or a duration such as 24h, 90m or 7d`},
		{name: "blank", in: "  ", want: `bad expiration "  ": it is empty`},
		{name: "word", in: "forever", want: `bad expiration "forever": it is not a duration`},
		{name: "number without unit", in: "60", want: `bad expiration "60": it is not a duration`},
		{name: "negative", in: "-1h", want: `bad expiration "-1h": a duration cannot be negative`},
		{name: "negative one", in: "-1", want: `bad expiration "-1": a duration cannot be negative`},
		{name: "fractional days", in: "1.5d", want: `bad expiration "1.5d": "1.5" before "d" is not a whole number of days`},
		{name: "days without number", in: "d", want: `bad expiration "d": "" before "d" is not a whole number of days`},
		{name: "negative after days", in: "1d-2h", want: `bad expiration "1d-2h": "-2h" after the days must be a positive duration such as 12h`},
		{name: "junk after days", in: "1dx", want: `bad expiration "1dx": it is not a duration`},
		{name: "too many days", in: "106752d", want: `bad expiration "106752d": it is longer than the longest duration Go can hold`},
		{name: "days plus hours overflow", in: "106751d24h", want: `bad expiration "106751d24h": it is longer than the longest duration Go can hold`},
		{name: "duration overflow", in: "9999999999h", want: `bad expiration "9999999999h": it is not a duration`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseExpiration(tc.in)
			assert.ErrorContains(t, err, tc.want)
			assert.Assert(t, errors.Is(err, ErrBadExpiration), "%v does not wrap ErrBadExpiration", err)
		})
	}
}

func TestExpirationText(t *testing.T) {
	fs := flag.NewFlagSet("tapedeck", flag.ContinueOnError)
	var e Expiration
	fs.TextVar(&e, "expire", Never, "how long recordings stay fresh")
	assert.NilError(t, fs.Parse([]string{"-expire", "7d"}))
	assert.Equal(t, e, After(7*24*time.Hour))

	text, err := e.MarshalText()
	assert.NilError(t, err)
	assert.Equal(t, string(text), "7d")

	err = e.UnmarshalText([]byte("soon"))
	assert.ErrorContains(t, err, `bad expiration "soon"`)
	assert.Equal(t, e, After(7*24*time.Hour), "a failed UnmarshalText leaves the value alone")
}
