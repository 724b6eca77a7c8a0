package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A byteSize is a flag that takes a number of bytes: 1048576, 1MiB,
// 512KiB, 64MB, 2GiB (KiB, MiB and GiB count in 1024s, kB, MB and GB in
// 1000s, B is a byte, and the unit may be left out).
type byteSize int64

// units are the suffixes a byteSize takes, longest first so that "MiB"
// is not read as "B".
var units = []struct {
	suffix string
	n      int64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30},
	{"kb", 1000}, {"mb", 1000 * 1000}, {"gb", 1000 * 1000 * 1000},
	{"b", 1},
}

// Set parses s.
func (b *byteSize) Set(s string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || !(n >= 0) || math.IsInf(n, 0) || n*float64(mult) > math.MaxInt64/2 {
		return fmt.Errorf("want a size such as 1MiB, 512KiB, 64MB or 1048576 (bytes), not %q", s)
	}
	*b = byteSize(n * float64(mult))
	return nil
}

// String is the size as Set reads it: in the largest binary unit that
// holds it whole.
func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.n && n%u.n == 0 {
			return fmt.Sprintf("%d%s", n/u.n, u.suffix)
		}
	}
	return strconv.FormatInt(n, 10)
}
