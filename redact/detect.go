package redact

import (
	"encoding/base64"
	"encoding/json"
	"iter"
	"math"
	mathbits "math/bits"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// A tokenRule recognises one kind of credential by its shape, wherever it
// appears.
type tokenRule struct {
	kind Kind
	// hints are literal strings one of which every match contains; a text
	// with none of them is not searched.
	hints []string
	// need, when set, is another test every text with a match passes; a
	// text that fails it is not searched.
	need func(string) bool
	// re finds the credential; when it has a group, the group is the
	// credential and the rest is context.
	re *regexp.Regexp
	// valid, when set, rejects matches that only look like the credential.
	valid func(string) bool
	// fix and placeholder make the suggested Pattern filter.
	fix, placeholder string
	// textOnly rules look for a credential in free text; in a value under a
	// name, the generic checks (which Keep silences) cover the same ground.
	textOnly bool
}

var tokenRules = []tokenRule{
	{
		kind:        KindPrivateKey,
		hints:       []string{"PRIVATE KEY"},
		re:          regexp.MustCompile(`-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)?`),
		fix:         `(?s)-----BEGIN[A-Z ]*PRIVATE KEY-----.*?-----END[A-Z ]*PRIVATE KEY-----`,
		placeholder: "REDACTED_PRIVATE_KEY",
	},
	{
		kind:        KindJWT,
		hints:       []string{"eyJ"},
		re:          regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`),
		valid:       isJWT,
		fix:         `eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`,
		placeholder: "REDACTED_JWT",
	},
	{
		kind:        KindAWSAccessKey,
		hints:       []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		re:          regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`),
		fix:         `(?:AKIA|ASIA)[A-Z0-9]{16}`,
		placeholder: "REDACTED_AWS_ACCESS_KEY_ID",
	},
	{
		kind:        KindGitHubToken,
		hints:       []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
		re:          regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,})\b`),
		fix:         `gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}`,
		placeholder: "REDACTED_GITHUB_TOKEN",
	},
	{
		kind:        KindSlackToken,
		hints:       []string{"xox"},
		re:          regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`),
		fix:         `xox[abposr]-[A-Za-z0-9-]{10,}`,
		placeholder: "REDACTED_SLACK_TOKEN",
	},
	{
		kind:        KindStripeKey,
		hints:       []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_"},
		re:          regexp.MustCompile(`\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b`),
		fix:         `(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}`,
		placeholder: "REDACTED_STRIPE_KEY",
	},
	{
		kind:        KindGoogleAPIKey,
		hints:       []string{"AIza"},
		re:          regexp.MustCompile(`\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)`),
		fix:         `AIza[0-9A-Za-z_-]{35}`,
		placeholder: "REDACTED_GOOGLE_API_KEY",
	},
	{
		// A bearer token written out in text (an echoed request, a log line).
		// Inside a header or JSON value the whole-value check below applies.
		kind:        KindBearer,
		hints:       []string{"earer"},
		re:          regexp.MustCompile(`\b[Bb]earer\s+([A-Za-z0-9._~+/-]{20,}=*)`),
		fix:         `[Bb]earer ([A-Za-z0-9._~+/-]{20,}=*)`,
		placeholder: "REDACTED_TOKEN",
		textOnly:    true,
	},
}

// A detection is one credential found in a text.
type detection struct {
	rule    *tokenRule
	kind    Kind
	match   string // the credential itself
	excerpt string // what a finding may print of it
}

// findTokens returns the credentials the token rules recognise in s; text
// says s is free text rather than one value.
func findTokens(s string, text bool) []detection {
	var found []detection
	h := hintTable()
	if text && len(s) < h.minText || !text && len(s) < h.minValue {
		return nil // shorter than any match: most values
	}
	hinted := h.hintedRules(s)
	if hinted == (ruleSet{}) {
		return nil // most other values hold no hint at all
	}
	for i := range hinted.all() {
		rule := &tokenRules[i]
		if rule.textOnly && !text || len(s) < h.minLen[i] || rule.need != nil && !rule.need(s) {
			continue
		}
		for _, m := range rule.re.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				start, end = m[2], m[3]
			}
			text := s[start:end]
			if rule.valid != nil && !rule.valid(text) {
				continue
			}
			d := detection{rule: rule, kind: rule.kind, match: text, excerpt: mask(text)}
			switch rule.kind {
			case KindPrivateKey:
				// The BEGIN line says what it is and holds nothing secret.
				d.excerpt, _, _ = strings.Cut(text, "\n")
				d.excerpt = strings.Clone(strings.TrimSpace(d.excerpt)) // not a part of s, which may be a whole body
			case KindBearer:
				d.excerpt = "Bearer " + mask(text)
			}
			found = append(found, d)
		}
	}
	return found
}

// hintedRules returns the set of tokenRules (bit i for rule i) for which s
// contains one of the rule's hints, in one pass over s rather than a search
// for each hint. Only where a hint's first two bytes are (see hintIndex) is
// s compared with the hints.
func (h *hintIndex) hintedRules(s string) ruleSet {
	var hinted ruleSet
	for i := 0; i < len(s); i++ {
		k := h.slot[s[i]]
		if k == 0 {
			continue
		}
		if i+1 < len(s) && !h.second[k-1].has(s[i+1]) {
			continue
		}
		for _, c := range h.byFirst[s[i]] {
			if !hinted.has(c.rule) && strings.HasPrefix(s[i:], c.hint) {
				hinted.add(c.rule)
			}
		}
	}
	return hinted
}

// A ruleSet is a set of indexes of tokenRules, which has fewer than
// maxRules rules (a test checks).
type ruleSet [maxRules / 64]uint64

const maxRules = 128

func (r *ruleSet) add(i int)     { r[i/64] |= 1 << (i % 64) }
func (r ruleSet) has(i int) bool { return r[i/64]&(1<<(i%64)) != 0 }

// all yields the rules in r in increasing order, the order of tokenRules.
func (r ruleSet) all() iter.Seq[int] {
	return func(yield func(int) bool) {
		for w, bits := range r {
			for bits != 0 {
				b := mathbits.TrailingZeros64(bits)
				if !yield(w*64 + b) {
					return
				}
				bits &^= 1 << b
			}
		}
	}
}

// A ruleHint is one hint of one of tokenRules.
type ruleHint struct {
	hint string
	rule int
}

// A byteSet is a set of bytes.
type byteSet [4]uint64

func (b *byteSet) add(c byte)      { b[c/64] |= 1 << (c % 64) }
func (b *byteSet) has(c byte) bool { return b[c/64]&(1<<(c%64)) != 0 }

// A hintIndex is what findTokens knows of tokenRules before it reads a text.
type hintIndex struct {
	// byFirst lists the hints by their first byte.
	byFirst [256][]ruleHint
	// slot[c], when not 0, is 1 + the index in second of the bytes that
	// follow c in the hints that start with c (every byte, for a one-byte
	// hint): a text is compared with the hints only where both match, which
	// in ordinary text (words, dates, media types) is seldom.
	slot   [256]uint8
	second []byteSet
	// minLen[i] is a lower bound of the length of a match of rule i,
	// computed from its expression (see minMatchLen); minValue and minText
	// are the least of them over the rules findTokens applies to a value
	// and to free text. A shorter text holds no match.
	minLen            []int
	minValue, minText int
}

// hintTable indexes tokenRules. It is built once tokenRules is complete
// (providers.go adds to it at init).
var hintTable = sync.OnceValue(func() *hintIndex {
	t := &hintIndex{minLen: make([]int, len(tokenRules)), minValue: math.MaxInt, minText: math.MaxInt}
	for i, rule := range tokenRules {
		for _, hint := range rule.hints {
			c := hint[0]
			t.byFirst[c] = append(t.byFirst[c], ruleHint{hint, i})
			if t.slot[c] == 0 {
				t.second = append(t.second, byteSet{})
				t.slot[c] = uint8(len(t.second))
			}
			if len(hint) == 1 {
				t.second[t.slot[c]-1] = byteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
			} else {
				t.second[t.slot[c]-1].add(hint[1])
			}
		}
		n := 0 // a lower bound that is always right, should the expression not parse
		if re, err := syntax.Parse(rule.re.String(), syntax.Perl); err == nil {
			n = minMatchLen(re)
		}
		t.minLen[i] = n
		t.minText = min(t.minText, n)
		if !rule.textOnly {
			t.minValue = min(t.minValue, n)
		}
	}
	return t
})

// minMatchLen returns a lower bound of the length in bytes of every text
// re matches: literal runes count their UTF-8 length (one byte when case
// folds, since a fold may be shorter), any other single character one byte,
// assertions nothing; a repetition counts its minimum. An operator it does
// not know counts nothing, which keeps the bound right.
func minMatchLen(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return len(re.Rune)
		}
		n := 0
		for _, r := range re.Rune {
			n += max(utf8.RuneLen(r), 1)
		}
		return n
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minMatchLen(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min * minMatchLen(re.Sub[0])
	case syntax.OpConcat:
		n := 0
		for _, sub := range re.Sub {
			n += minMatchLen(sub)
		}
		return n
	case syntax.OpAlternate:
		n := math.MaxInt
		for _, sub := range re.Sub {
			n = min(n, minMatchLen(sub))
		}
		if len(re.Sub) == 0 {
			return 0
		}
		return n
	}
	return 0 // OpStar, OpQuest, OpEmptyMatch, assertions; OpNoMatch (never matches) too
}

// isJWT reports whether s is a JWT: its first segment decodes to a JSON
// object with an "alg" member.
func isJWT(s string) bool {
	header, _, _ := strings.Cut(s, ".")
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(header, "="))
	if err != nil {
		return false
	}
	var h map[string]any
	if json.Unmarshal(raw, &h) != nil {
		return false
	}
	_, ok := h["alg"]
	return ok
}

// credentials recognises an Authorization-style value, "Bearer <token>" or
// "Basic <base64 user:password>", and returns its kind and credential part.
func credentials(v string) (Kind, string, bool) {
	if strings.IndexByte(v, ' ') < 0 {
		return "", "", false // no scheme and credential: most values
	}
	scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " ")
	// Most values have no space, or a first word too short or too long to
	// fold to a scheme (a letter folds to at most 3 bytes: K, the Kelvin sign).
	if !ok || len(scheme) < len("basic") || len(scheme) > 3*len("bearer") {
		return "", "", false
	}
	cred = strings.TrimSpace(cred)
	if cred == "" || strings.ContainsAny(cred, " \t") {
		return "", "", false
	}
	switch {
	case strings.EqualFold(scheme, "bearer") && len(cred) >= 8:
		return KindBearer, cred, true
	case strings.EqualFold(scheme, "basic"):
		dec, err := base64.StdEncoding.DecodeString(cred)
		if (err == nil && strings.Contains(string(dec), ":")) || len(cred) >= 8 {
			return KindBasic, cred, true
		}
	}
	return "", "", false
}

// Names that suggest the value under them is a secret, for the scanner's
// password and high-entropy checks (normalized: lower case, no separators).
var (
	secretKeyWords = newWordList(
		"token", "secret", "password", "passwd", "apikey", "accesskey", "authkey",
		"privatekey", "credential", "signature", "session", "cookie", "authorization",
	)
	secretKeyNames = map[string]bool{
		"key": true, "sig": true, "pwd": true, "pass": true, "auth": true, "bearer": true,
	}
	// Pagination and bookkeeping names that contain a secret-looking word.
	ordinaryKeyWords    = newWordList("page", "next", "continuation", "cursor", "sync")
	ordinaryKeySuffixes = newWordList(
		"type", "url", "uri", "endpoint", "expires", "expiry", "expiresat", "expiresin",
		"createdat", "updatedat", "issuedat", "count", "length", "hint", "name", "format",
	)
	passwordSuffixes = newWordList("password", "passwd")
)

// secretLookingKey reports whether a value under this name is probably a
// secret.
func secretLookingKey(name string) bool { return classifyName(name)&keySecret != 0 }

// passwordKey reports whether name is a password's.
func passwordKey(name string) bool { return classifyName(name)&keyPassword != 0 }

// classifyName is classifyKey of name normalized.
func classifyName(name string) keyClass {
	var buf [64]byte
	return classifyKey(appendNormalized(buf[:0], name))
}

// minEntropyLen and minEntropy are the high-entropy thresholds: a value at
// least this long whose characters carry at least this many bits each.
// Random tokens of 20 letters and digits carry about 4 bits per character,
// hex digests about 3.7, English words and identifiers under 3.
const (
	minEntropyLen = 20
	minEntropy    = 3.0
)

// highEntropy reports whether v looks like a random secret: long, one word,
// letters and digits mixed, characters spread out. URLs and timestamps are
// not.
func highEntropy(v string) bool {
	if len(v) < minEntropyLen || strings.Contains(v, "://") {
		return false
	}
	var letter, digit bool
	for _, c := range v {
		switch {
		case unicode.IsSpace(c):
			return false
		case unicode.IsLetter(c):
			letter = true
		case unicode.IsDigit(c):
			digit = true
		}
	}
	if !letter || !digit {
		return false
	}
	if _, err := time.Parse(time.RFC3339, v); err == nil {
		return false
	}
	if looksLikePath(v) {
		return false
	}
	return shannon(v) >= minEntropy
}

// fileExtension matches the end of a file name: a dot and a short
// lower-case extension (.jpg, .json, .tar.gz, .mp4).
var fileExtension = regexp.MustCompile(`\.[a-z][a-z0-9]{1,4}$`)

// looksLikePath reports whether v is a file name or path, such as a storage
// object key (uploads/2024/05/IMG_20240512_183012_export.jpg): it ends in a
// file extension, or it is made of /-separated lower-case words and numbers.
// Dates, counters and camera names give such values the spread of
// characters of a random token, but base64 and hex secrets have neither
// extensions nor lower-case-only segments.
func looksLikePath(v string) bool {
	if fileExtension.MatchString(v) {
		return true
	}
	if !strings.Contains(v, "/") {
		return false
	}
	for _, seg := range strings.Split(strings.Trim(v, "/"), "/") {
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
				return false
			}
		}
	}
	return true
}

// shannon returns the Shannon entropy of s in bits per byte.
func shannon(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// mask returns what a finding may print of a secret: its first 4 characters
// and an ellipsis, or only the ellipsis when the secret is short enough that
// 4 characters would give too much away.
func mask(s string) string {
	r := []rune(s)
	if len(r) < 12 {
		return "…"
	}
	return string(r[:4]) + "…"
}
