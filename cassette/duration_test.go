package cassette

import (
	"testing"
	"time"

	"gotest.tools/v3/assert"
)

func TestRoundDuration(t *testing.T) {
	cases := []struct {
		name string
		d    time.Duration
		want time.Duration
	}{
		{name: "zero", d: 0, want: 0},
		{name: "below a microsecond, down", d: 499 * time.Nanosecond, want: 0},
		{name: "below a microsecond, up", d: 500 * time.Nanosecond, want: time.Microsecond},
		{name: "microseconds", d: 1499 * time.Nanosecond, want: time.Microsecond},
		{name: "microseconds, half up", d: 1500 * time.Nanosecond, want: 2 * time.Microsecond},
		{name: "just below a millisecond", d: 999_400 * time.Nanosecond, want: 999 * time.Microsecond},
		{name: "rounding up to a millisecond", d: 999_600 * time.Nanosecond, want: time.Millisecond},
		{name: "one millisecond", d: time.Millisecond, want: time.Millisecond},
		{name: "milliseconds, down", d: 1_499_999 * time.Nanosecond, want: time.Millisecond},
		{name: "milliseconds, half up", d: 1_500_000 * time.Nanosecond, want: 2 * time.Millisecond},
		{name: "seconds", d: 2*time.Second + 345_678*time.Microsecond, want: 2346 * time.Millisecond},
		{name: "minutes", d: 3*time.Minute + 400*time.Microsecond, want: 3 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, RoundDuration(tc.d), tc.want)
		})
	}
}
