package redact

// A wordList holds normalized words (lower-case ASCII, see normalize) and
// finds them in normalized names. It is on the path of every live request
// in replay (each header and query parameter name goes through it), so it
// indexes its words by first and last byte: a name is read once, and only
// the words that can match where it is are compared, in place.
type wordList struct {
	byFirst [128][]string
	byLast  [128][]string
}

// newWordList indexes words, which must be non-empty ASCII; others are
// left out, since no normalized ASCII name could match them anyway.
func newWordList(words ...string) *wordList {
	l := &wordList{}
	for _, w := range words {
		if w == "" || !isASCII(w) {
			continue
		}
		l.byFirst[w[0]] = append(l.byFirst[w[0]], w)
		l.byLast[w[len(w)-1]] = append(l.byLast[w[len(w)-1]], w)
	}
	return l
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// in reports whether one of the words occurs in n.
func (l *wordList) in(n []byte) bool {
	for i, c := range n {
		if c >= 0x80 {
			continue
		}
		for _, w := range l.byFirst[c] {
			if len(n)-i >= len(w) && string(n[i:i+len(w)]) == w {
				return true
			}
		}
	}
	return false
}

// endOf reports whether n ends with one of the words.
func (l *wordList) endOf(n []byte) bool {
	if len(n) == 0 || n[len(n)-1] >= 0x80 {
		return false
	}
	for _, w := range l.byLast[n[len(n)-1]] {
		if len(n) >= len(w) && string(n[len(n)-len(w):]) == w {
			return true
		}
	}
	return false
}
