// Package jsonpath parses the JSON paths that match.IgnorePaths and
// redact.JSONField take ($.a.b, $['odd name'], $.items[3], $.items[*],
// $..name) and matches them against the path to a value in a document. It
// is shared by the two leaves so that both read paths alike.
package jsonpath

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Path is a parsed path.
type Path struct {
	steps []step
}

type stepKind int

const (
	stepName  stepKind = iota // .name or ['name']
	stepAny                   // .* or [*]
	stepIndex                 // [3]
)

// A step selects children of a value; a descendant step (after "..")
// selects them at any depth below it.
type step struct {
	kind       stepKind
	name       string
	index      int
	descendant bool
}

// A Segment is one step of the path to a value in a document: an object
// member's Key, or an array Index when IsIndex is set.
type Segment struct {
	Key     string
	Index   int
	IsIndex bool
}

// Parse parses p: $ then steps .name, ['name'] or ["name"], [3], [*] or .*,
// and ..step (at any depth). The error says what is wrong and at which
// offset.
func Parse(p string) (Path, error) {
	if !strings.HasPrefix(p, "$") {
		return Path{}, errors.New("a path starts with $")
	}
	var jp Path
	for i := 1; i < len(p); {
		var s step
		switch {
		case strings.HasPrefix(p[i:], ".."):
			s.descendant = true
			i += 2
		case p[i] == '.':
			i++
		case p[i] != '[':
			return Path{}, fmt.Errorf("unexpected %q at offset %d (expected . or [)", p[i], i)
		}
		if i < len(p) && p[i] == '[' {
			// A bracket: [*], [3], ['name'] or ["name"].
			n, err := parseBracket(p[i:], &s)
			if err != nil {
				return Path{}, fmt.Errorf("%w at offset %d", err, i)
			}
			i += n
		} else {
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return Path{}, fmt.Errorf("a member name is missing at offset %d", i)
			}
			if name := p[i:j]; name == "*" {
				s.kind = stepAny
			} else {
				s.kind, s.name = stepName, name
			}
			i = j
		}
		jp.steps = append(jp.steps, s)
	}
	return jp, nil
}

// parseBracket parses the bracket step at the start of p into s and returns
// its length.
func parseBracket(p string, s *step) (int, error) {
	if len(p) >= 2 && (p[1] == '\'' || p[1] == '"') {
		q := p[1]
		var name strings.Builder
		for j := 2; j < len(p); j++ {
			switch c := p[j]; {
			case c == '\\' && j+1 < len(p):
				j++
				name.WriteByte(p[j])
			case c == q:
				if j+1 >= len(p) || p[j+1] != ']' {
					return 0, errors.New("a quoted name must be followed by ]")
				}
				s.kind, s.name = stepName, name.String()
				return j + 2, nil
			default:
				name.WriteByte(c)
			}
		}
		return 0, errors.New("unclosed quoted name")
	}
	end := strings.IndexByte(p, ']')
	if end < 0 {
		return 0, errors.New("unclosed [")
	}
	inner := strings.TrimSpace(p[1:end])
	if inner == "*" {
		s.kind = stepAny
		return end + 1, nil
	}
	n, err := strconv.Atoi(inner)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("[%s] is not [*], an index or a quoted name", inner)
	}
	s.kind, s.index = stepIndex, n
	return end + 1, nil
}

// Root reports whether the path is "$", the whole document.
func (jp Path) Root() bool { return len(jp.steps) == 0 }

// Matches reports whether the path selects the value at segs.
func (jp Path) Matches(segs []Segment) bool {
	return matchSteps(jp.steps, segs)
}

func matchSteps(steps []step, segs []Segment) bool {
	if len(steps) == 0 {
		return len(segs) == 0
	}
	s := steps[0]
	if s.descendant {
		for i := range segs {
			if s.matches(segs[i]) && matchSteps(steps[1:], segs[i+1:]) {
				return true
			}
		}
		return false
	}
	return len(segs) > 0 && s.matches(segs[0]) && matchSteps(steps[1:], segs[1:])
}

func (s step) matches(seg Segment) bool {
	switch s.kind {
	case stepAny:
		return true
	case stepIndex:
		return seg.IsIndex && seg.Index == s.index
	}
	return !seg.IsIndex && seg.Key == s.name
}

// Format writes the path to a value so that Parse reads it back: $.name,
// $['odd name'], $[3]. With anyIndex, array indexes are written [*], so
// that the path covers every element.
func Format(segs []Segment, anyIndex bool) string {
	var b strings.Builder
	b.WriteByte('$')
	for _, s := range segs {
		switch {
		case s.IsIndex && anyIndex:
			b.WriteString("[*]")
		case s.IsIndex:
			fmt.Fprintf(&b, "[%d]", s.Index)
		case plainName(s.Key):
			b.WriteByte('.')
			b.WriteString(s.Key)
		default:
			b.WriteString("['")
			b.WriteString(strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s.Key))
			b.WriteString("']")
		}
	}
	return b.String()
}

// plainName reports whether a member name can be written after a dot.
func plainName(k string) bool {
	if k == "" || k == "*" {
		return false
	}
	return !strings.ContainsAny(k, ".[]'\" \t\r\n\\")
}
