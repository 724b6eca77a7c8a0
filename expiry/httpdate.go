package expiry

import (
	"strings"
	"time"
)

// parseHTTPDate reads an HTTP-date as RFC 9110 §5.6.7 defines it, and
// nothing looser: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the
// obsolete RFC 850 form ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
// ("Sun Nov  6 08:49:37 1994"). Day and month names and "GMT" are matched
// without regard to case, as recipients do in practice; any other
// difference (another zone, a missing comma, one-digit hours, extra
// spaces) is an invalid date. A two-digit year is read as within 50 years
// of 2000 (2000-2069, else 1970-1999).
func parseHTTPDate(s string) (time.Time, bool) {
	if t, ok := parseIMF(s); ok {
		return t, true
	}
	if t, ok := parseRFC850(s); ok {
		return t, true
	}
	return parseASCTime(s)
}

var (
	shortDays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	longDays  = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	months    = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// scanner reads a date field by field; ok turns false at the first field
// that does not fit and stays false.
type scanner struct {
	s  string
	ok bool
}

func (sc *scanner) literal(lit string) {
	if sc.ok && len(sc.s) >= len(lit) && strings.EqualFold(sc.s[:len(lit)], lit) {
		sc.s = sc.s[len(lit):]
		return
	}
	sc.ok = false
}

// digits reads exactly n digits; a leading space stands for a zero when
// space is true (asctime's day).
func (sc *scanner) digits(n int, space bool) int {
	if !sc.ok || len(sc.s) < n {
		sc.ok = false
		return 0
	}
	v := 0
	for i := 0; i < n; i++ {
		c := sc.s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int(c-'0')
		case c == ' ' && space && i == 0:
		default:
			sc.ok = false
			return 0
		}
	}
	sc.s = sc.s[n:]
	return v
}

// name reads one of names and returns its index.
func (sc *scanner) name(names []string) int {
	if !sc.ok {
		return 0
	}
	for i, n := range names {
		if len(sc.s) >= len(n) && strings.EqualFold(sc.s[:len(n)], n) {
			sc.s = sc.s[len(n):]
			return i
		}
	}
	sc.ok = false
	return 0
}

func (sc *scanner) clock() (h, m, s int) {
	h = sc.digits(2, false)
	sc.literal(":")
	m = sc.digits(2, false)
	sc.literal(":")
	s = sc.digits(2, false)
	return h, m, s
}

func (sc *scanner) done() bool { return sc.ok && sc.s == "" }

// date builds the time, checking that its fields are in range.
func date(year, month, day, h, m, s int) (time.Time, bool) {
	t := time.Date(year, time.Month(month+1), day, h, m, s, 0, time.UTC)
	if t.Day() != day || t.Hour() != h || t.Minute() != m || t.Second() != s {
		return time.Time{}, false
	}
	return t, true
}

func parseIMF(s string) (time.Time, bool) {
	sc := &scanner{s: s, ok: true}
	sc.name(shortDays)
	sc.literal(", ")
	day := sc.digits(2, false)
	sc.literal(" ")
	month := sc.name(months)
	sc.literal(" ")
	year := sc.digits(4, false)
	sc.literal(" ")
	h, m, sec := sc.clock()
	sc.literal(" GMT")
	if !sc.done() {
		return time.Time{}, false
	}
	return date(year, month, day, h, m, sec)
}

func parseRFC850(s string) (time.Time, bool) {
	sc := &scanner{s: s, ok: true}
	sc.name(longDays)
	sc.literal(", ")
	day := sc.digits(2, false)
	sc.literal("-")
	month := sc.name(months)
	sc.literal("-")
	yy := sc.digits(2, false)
	sc.literal(" ")
	h, m, sec := sc.clock()
	sc.literal(" GMT")
	if !sc.done() {
		return time.Time{}, false
	}
	year := 1900 + yy
	if yy < 70 {
		year = 2000 + yy
	}
	return date(year, month, day, h, m, sec)
}

func parseASCTime(s string) (time.Time, bool) {
	sc := &scanner{s: s, ok: true}
	sc.name(shortDays)
	sc.literal(" ")
	month := sc.name(months)
	sc.literal(" ")
	day := sc.digits(2, true)
	sc.literal(" ")
	h, m, sec := sc.clock()
	sc.literal(" ")
	year := sc.digits(4, false)
	if !sc.done() {
		return time.Time{}, false
	}
	return date(year, month, day, h, m, sec)
}
