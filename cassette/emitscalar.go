package cassette

import (
	"strconv"
	"strings"
	"time"
)

// This file ports how yaml.v3 looks at a scalar: which type its text
// resolves to (resolve.go) and which styles can write it
// (yaml_emitter_analyze_scalar). Both decide the bytes emit.go writes.

// The types a plain scalar resolves to that the emitter tells apart; any
// other is tagOther.
const (
	tagStr = iota
	tagInt
	tagTimestamp
	tagOther
)

// resolve returns the type that yaml.v3 reads the plain scalar s as
// (resolve("", s) in resolve.go).
func resolve(s string) int {
	if s == "" {
		return tagOther // null
	}
	switch c := s[0]; {
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		// Below.
	case c == '.':
		if isSpecialFloat(s) {
			return tagOther
		}
		if !numberish(s) {
			return tagStr
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return tagOther
		}
		return tagStr
	case wordByte[c]:
		switch s {
		case "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL", "<<":
			return tagOther
		}
		return tagStr
	default:
		return tagStr
	}
	if isSpecialFloat(s) {
		return tagOther
	}
	if isTimestamp(s) {
		return tagTimestamp
	}
	if !numberish(s) {
		return tagStr // no parse below can succeed (and each failure allocates)
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return tagInt
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return tagInt
	}
	if isYAMLFloat(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return tagOther
		}
	}
	switch {
	case strings.HasPrefix(plain, "0b"):
		if _, err := strconv.ParseInt(plain[2:], 2, 64); err == nil {
			return tagInt
		}
		if _, err := strconv.ParseUint(plain[2:], 2, 64); err == nil {
			return tagInt
		}
	case strings.HasPrefix(plain, "-0b"):
		if _, err := strconv.ParseInt("-"+plain[3:], 2, 64); err == nil {
			return tagInt
		}
	case strings.HasPrefix(plain, "0o"):
		if _, err := strconv.ParseInt(plain[2:], 8, 64); err == nil {
			return tagInt
		}
		if _, err := strconv.ParseUint(plain[2:], 8, 64); err == nil {
			return tagInt
		}
	case strings.HasPrefix(plain, "-0o"):
		if _, err := strconv.ParseInt("-"+plain[3:], 8, 64); err == nil {
			return tagInt
		}
	}
	return tagStr
}

// wordByte holds the first characters of the words in yaml's resolve
// table: true, false, null, ~ and <<, in their cases, and the y, n, on and
// off that yaml.v3 reads as strings.
var wordByte = func() (t [256]bool) {
	for _, c := range "yYnNtTfFoO~<" {
		t[c] = true
	}
	return t
}()

// numberish reports whether s is made only of characters that
// strconv.ParseInt, ParseUint and ParseFloat accept in some number: digits,
// hexadecimal digits, base prefixes and exponents, signs, points,
// underscores, and the letters of inf, infinity and nan. A string with any
// other character parses as none.
func numberish(s string) bool {
	for i := 0; i < len(s); i++ {
		if !numberByte[s[i]] {
			return false
		}
	}
	return true
}

var numberByte = func() (t [256]bool) {
	for _, c := range "0123456789abcdefABCDEFxXoOpPiInNtTyY+-._" {
		t[c] = true
	}
	return t
}()

// isSpecialFloat reports whether s is one of the names of infinity and
// not-a-number in yaml's resolve table.
func isSpecialFloat(s string) bool {
	switch s {
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return true
	}
	return false
}

// isYAMLFloat reports whether s matches yaml.v3's yamlStyleFloat,
// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$.
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// timestampFormats are yaml.v3's allowedTimestampFormats.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isTimestamp reports whether yaml.v3 reads the plain scalar s as a
// timestamp (parseTimestamp in resolve.go).
func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' {
			break
		}
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, format := range timestampFormats {
		if _, err := time.Parse(format, s); err == nil {
			return true
		}
	}
	return false
}

// A scalarInfo is what yaml's emitter found in a scalar: which styles it
// allows.
type scalarInfo struct {
	multiline  bool // it has line breaks
	flowPlain  bool
	blockPlain bool
	single     bool
	block      bool
}

// analyze is yaml_emitter_analyze_scalar for the valid UTF-8 text s, with
// Unicode output. It reports false for text with U+2028 or U+2029, line
// breaks that yaml writes as they are and indents after, which the
// emitter leaves to yaml.
func analyze(s string) (a scalarInfo, ok bool) {
	if len(s) == 0 {
		return scalarInfo{blockPlain: true, single: true}, true
	}
	var (
		blockIndicators, flowIndicators, lineBreaks, special, tabs bool
		leadingSpace, leadingBreak, trailingSpace, trailingBreak   bool
		breakSpace, spaceBreak, previousSpace, previousBreak       bool
	)
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		blockIndicators, flowIndicators = true, true
	}
	precededByWhitespace := true
	for i, w := 0, 0; i < len(s); i += w {
		if i > 0 && plainByte[s[i]] {
			// The common case, a character that is nothing to yaml.
			w = 1
			previousSpace, previousBreak, precededByWhitespace = false, false, false
			continue
		}
		c := s[i]
		w = 1
		var brk, printable bool
		if c < 0x80 {
			brk = c == '\r' || c == '\n'
			printable = c == '\n' || c >= 0x20 && c <= 0x7E
		} else {
			if w = width(c); w == 0 {
				return a, false
			}
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return a, false
			}
			brk, printable = isBreak(s, i), isPrintable(s, i)
		}
		if c < 0x80 {
			// The indicators, all ASCII.
			followedByWhitespace := i+1 >= len(s) || s[i+1] == ' ' || s[i+1] == '\t'
			if i == 0 {
				switch c {
				case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
					flowIndicators, blockIndicators = true, true
				case '?', ':':
					flowIndicators = true
					if followedByWhitespace {
						blockIndicators = true
					}
				case '-':
					if followedByWhitespace {
						flowIndicators, blockIndicators = true, true
					}
				}
			} else {
				switch c {
				case ',', '?', '[', ']', '{', '}':
					flowIndicators = true
				case ':':
					flowIndicators = true
					if followedByWhitespace {
						blockIndicators = true
					}
				case '#':
					if precededByWhitespace {
						flowIndicators, blockIndicators = true, true
					}
				}
			}
		}
		if c == '\t' {
			tabs = true
		} else if !printable {
			special = true
		}
		switch {
		case c == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i+1 == len(s) {
				trailingSpace = true
			}
			if previousBreak {
				breakSpace = true
			}
			previousSpace, previousBreak = true, false
		case brk:
			lineBreaks = true
			if i == 0 {
				leadingBreak = true
			}
			if i+w == len(s) {
				trailingBreak = true
			}
			if previousSpace {
				spaceBreak = true
			}
			previousSpace, previousBreak = false, true
		default:
			previousSpace, previousBreak = false, false
		}
		precededByWhitespace = c == ' ' || c == '\t' || c == 0 || brk
	}
	a = scalarInfo{multiline: lineBreaks, flowPlain: true, blockPlain: true, single: true, block: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.flowPlain, a.blockPlain = false, false
	}
	if trailingSpace {
		a.block = false
	}
	if breakSpace {
		a.flowPlain, a.blockPlain, a.single = false, false, false
	}
	if spaceBreak || tabs || special {
		a.flowPlain, a.blockPlain, a.single = false, false, false
	}
	if spaceBreak || special {
		a.block = false
	}
	if lineBreaks {
		a.flowPlain, a.blockPlain = false, false
	}
	if flowIndicators {
		a.flowPlain = false
	}
	if blockIndicators {
		a.blockPlain = false
	}
	return a, true
}

// plainByte holds the ASCII characters that analyze has nothing to note
// about after the first character: printable, not a space and not an
// indicator there.
var plainByte = func() (t [256]bool) {
	for c := 0x21; c <= 0x7E; c++ {
		t[c] = strings.IndexByte(",?[]{}:#", byte(c)) < 0
	}
	return t
}()

// shortFirst holds the ASCII characters that shortScalar takes at the
// start of a scalar: those of plainByte that are not an indicator there,
// and not the - and . that start a document marker.
var shortFirst = func() (t [256]bool) {
	for c := 0x21; c <= 0x7E; c++ {
		t[c] = plainByte[c] && strings.IndexByte("&*!|>'\"%@`-.", byte(c)) < 0
	}
	return t
}()

// asciiBlock reports, for ASCII text s with a line break, whether analyze
// allows it as a literal block (a.block): it has no trailing space, no
// space before a line break and no special characters. ok is false when s
// is not ASCII, for analyze to decide.
func asciiBlock(s string) (block, ok bool) {
	block = true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return false, false
		case c == ' ':
			if i+1 == len(s) || s[i+1] == '\n' || s[i+1] == '\r' {
				block = false // trailing space, or a space before a break
			}
		case c == 0x7F || c < 0x20 && c != '\n' && c != '\t':
			block = false // special (\r among them)
		}
	}
	return block, true
}

// width is the length of the UTF-8 sequence that starts with the byte c,
// 0 when c cannot start one.
func width(c byte) int {
	switch {
	case c&0x80 == 0:
		return 1
	case c&0xE0 == 0xC0:
		return 2
	case c&0xF0 == 0xE0:
		return 3
	case c&0xF8 == 0xF0:
		return 4
	}
	return 0
}

// isPrintable is yaml's is_printable at s[i], for valid UTF-8: the
// characters it writes as they are in a double-quoted scalar.
func isPrintable(s string, i int) bool {
	c := s[i]
	switch {
	case c == 0x0A || c >= 0x20 && c <= 0x7E:
		return true
	case c == 0xC2:
		return s[i+1] >= 0xA0
	case c > 0xC2 && c < 0xED:
		return true
	case c == 0xED:
		return s[i+1] < 0xA0
	case c == 0xEE:
		return true
	case c == 0xEF:
		return !(s[i+1] == 0xBB && s[i+2] == 0xBF) && !(s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF))
	}
	return false
}

// isBreak is yaml's is_break at s[i]: \r, \n, U+0085, U+2028 or U+2029.
func isBreak(s string, i int) bool {
	switch s[i] {
	case '\r', '\n':
		return true
	case 0xC2:
		return i+1 < len(s) && s[i+1] == 0x85
	case 0xE2:
		return i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9)
	}
	return false
}
