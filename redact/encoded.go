package redact

import (
	"encoding/base64"
	"regexp"
	"unicode/utf8"
)

// base64Run finds runs of base64 text long enough to hold a token: a
// credential encoded inside a JSON value, a config file sent as base64, a
// Basic-style blob. Runs longer than maxEncoded (images, archives) are not
// decoded: a token is short, and decoding every image would slow the scan.
var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{24,}={0,2}`)

const maxEncoded = 4096

// findEncoded returns the credentials that the token rules recognise in the
// base64-decoded form of the runs of base64 in s. Each detection's match is
// the encoded run (what is in the cassette) and its excerpt says what it
// decodes to, with no more of the token than a plain finding shows.
func findEncoded(s string) []detection {
	var found []detection
	for _, loc := range base64Run.FindAllStringIndex(s, -1) {
		run := s[loc[0]:loc[1]]
		if len(run) > maxEncoded {
			continue
		}
		plain, ok := decodeBase64(run)
		if !ok {
			continue
		}
		for _, d := range findTokens(plain, true) {
			d.excerpt = mask(run) + " (base64 of " + d.excerpt + ")"
			d.match = run
			found = append(found, d)
		}
	}
	return found
}

// decodeBase64 decodes run in whichever base64 alphabet it is written,
// padded or not, and reports whether it decodes to text.
func decodeBase64(run string) (string, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(run)
		if err == nil && len(b) >= 12 && utf8.Valid(b) && isPrintable(b) {
			return string(b), true
		}
	}
	return "", false
}

// isPrintable reports whether b has no control characters but white space.
func isPrintable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
