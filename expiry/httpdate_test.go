package expiry

import (
	"testing"
	"time"
)

func TestParseHTTPDate(t *testing.T) {
	want := time.Date(2050, time.August, 18, 2, 1, 18, 0, time.UTC)
	valid := []string{
		"Thu, 18 Aug 2050 02:01:18 GMT",
		"THU, 18 Aug 2050 02:01:18 GMT",
		"Thu, 18 AUG 2050 02:01:18 GMT",
		"Thu, 18 Aug 2050 02:01:18 gMT",
		"Thursday, 18-Aug-50 02:01:18 GMT",
		"Thu Aug 18 02:01:18 2050",
	}
	for _, s := range valid {
		got, ok := parseHTTPDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("parseHTTPDate(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	if got, ok := parseHTTPDate("Thu Aug  8 02:01:18 2050"); !ok || got.Day() != 8 {
		t.Errorf("asctime with a one-digit day: %v, %v", got, ok)
	}
	invalid := []string{
		"", "0", "Thu, 18 Aug 2050 02:01:18 UTC", "Thu, 18 Aug 2050 02:01:18 AEST", "Thu, 18 Aug 50 02:01:18 GMT",
		"Thu 18 Aug 2050 02:01:18 GMT", "Thu, 18  Aug  2050 02:01:18 GMT", "Thu, 18-Aug-2050 02:01:18 GMT",
		"Thu, 18 Aug 2050 02.01.18 GMT", "Thu, 18 Aug 2050 2:01:18 GMT", "Thu, 31 Feb 2050 02:01:18 GMT",
		"Thu, 18 Aug 2050 25:01:18 GMT", "Thu, 18 Aug 2050 02:01:18 GMT ",
	}
	for _, s := range invalid {
		if got, ok := parseHTTPDate(s); ok {
			t.Errorf("parseHTTPDate(%q) = %v, want invalid", s, got)
		}
	}
}
