package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/english"
)

// where is "path:line" for an interaction, or "path" when its line is not
// known.
func where(path string, line int) string {
	if line > 0 {
		return path + ":" + strconv.Itoa(line)
	}
	return path
}

// label names an interaction for a person: "#2 GET https://...". Numbers
// start at 1, as tapedeck show takes them.
func label(i int, in *cassette.Interaction) string {
	return fmt.Sprintf("#%d %s %s", i+1, in.Request.Method, in.Request.URL)
}

// size writes a byte count the way people read it: 512 B, 1.5 kB, 2.0 MB.
func size(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/(1000*1000))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1000*1000*1000))
}

// age writes how long ago t was in its largest unit (45s, 12m, 5h, 3d),
// "?" when t is unknown (no recorded_at), and "future" for a time after
// now.
func age(t, now time.Time) string {
	if t.IsZero() {
		return "?"
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return "future"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
}

// plural is "1 interaction" or "3 interactions", "1 entry" or "2 entries".
func plural(n int, word string) string { return english.Plural(n, word) }
