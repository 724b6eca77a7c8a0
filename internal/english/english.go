// Package english writes counts in the messages tapedeck prints:
// "1 interaction", "3 interactions", "2 entries".
package english

import (
	"strconv"
	"strings"
)

// Plural returns n and word, in the plural unless n is 1: "1 interaction"
// or "3 interactions", "1 entry" or "2 entries" (a y after a consonant
// becomes ies).
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if stem, ok := strings.CutSuffix(word, "y"); ok && stem != "" && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		return strconv.Itoa(n) + " " + stem + "ies"
	}
	return strconv.Itoa(n) + " " + word + "s"
}
