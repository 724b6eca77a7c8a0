package redact

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// maxEncoded is the longest run of base64 (see nextBase64Run) that is
// decoded. Runs longer than maxEncoded (images, archives) are not: a token
// is short, and decoding every image would slow the scan.
const maxEncoded = 4096

// findEncoded returns the credentials that the token rules recognise in the
// base64-decoded form of the runs of base64 in s. Each detection's match is
// the encoded run (what is in the cassette) and its excerpt says what it
// decodes to, with no more of the token than a plain finding shows.
func findEncoded(s string) []detection {
	var b base64Scratch
	return b.findEncoded(s)
}

// A base64Scratch holds the buffers base64 runs are decoded in, so that a
// scan that tries every run of every value (identifiers, digests) does not
// allocate for each: only a run that decodes to text is copied out.
type base64Scratch struct {
	src, dst []byte
}

// findEncoded is findEncoded with b's buffers.
func (b *base64Scratch) findEncoded(s string) []detection {
	if len(s) < minBase64Run {
		return nil // no run fits: most values
	}
	var found []detection
	for rest := s; ; {
		start, end := nextBase64Run(rest)
		if start < 0 {
			break
		}
		run := rest[start:end]
		rest = rest[end:]
		if len(run) > maxEncoded {
			continue
		}
		plain, ok := b.decode(run)
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

// nextBase64Run returns where the first run of base64 text long enough to
// hold a token starts and ends in s, or -1, -1. Such runs are a credential
// encoded inside a JSON value, a config file sent as base64, a Basic-style
// blob. A run is the leftmost match of [A-Za-z0-9+/_-]{24,}={0,2}, found
// without the regular expression since the scan looks in every value: a
// maximal run of at least 24 characters of the class (none of the class
// can precede it, or the match would start there, nor follow it, since the
// repetition is greedy) and up to two "=" after it.
func nextBase64Run(s string) (start, end int) {
	for i := 0; i < len(s); {
		if !base64Char[s[i]] {
			i++
			continue
		}
		j := i
		for j < len(s) && base64Char[s[j]] {
			j++
		}
		if j-i < minBase64Run {
			i = j
			continue
		}
		end := j
		for end < len(s) && end-j < 2 && s[end] == '=' {
			end++
		}
		return i, end
	}
	return -1, -1
}

// minBase64Run is the shortest run nextBase64Run finds.
const minBase64Run = 24

// base64Char holds the characters of base64Run's class, [A-Za-z0-9+/_-].
var base64Char = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("+/_-", byte(c)) >= 0
	}
	return t
}()

// decodeBase64 decodes run in whichever base64 alphabet it is written,
// padded or not, and reports whether it decodes to text.
func decodeBase64(run string) (string, bool) {
	var b base64Scratch
	return b.decode(run)
}

// base64Encodings are the alphabets decode tries, in order.
var base64Encodings = [...]*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}

// decode is decodeBase64 with b's buffers: what DecodeString would return,
// decoded in place, and a string made only of a result that is text.
func (b *base64Scratch) decode(run string) (string, bool) {
	b.src = append(b.src[:0], run...)
	for _, enc := range base64Encodings {
		if n := enc.DecodedLen(len(b.src)); cap(b.dst) < n {
			b.dst = make([]byte, n)
		}
		n, err := enc.Decode(b.dst[:cap(b.dst)], b.src)
		if dec := b.dst[:n]; err == nil && len(dec) >= 12 && utf8.Valid(dec) && isPrintable(dec) {
			return string(dec), true
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
