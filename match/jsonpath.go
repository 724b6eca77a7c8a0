package match

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A jsonPath selects values in a JSON document. It is parsed from the forms
// IgnorePaths documents: $ then steps .name, ["name"] or ['name'], [3], [*]
// or .*, and ..name (at any depth).
type jsonPath struct {
	text  string
	steps []pathStep
}

type stepKind int

const (
	stepName  stepKind = iota // .name or ["name"]
	stepAny                   // .* or [*]
	stepIndex                 // [3]
)

// A pathStep selects children of a value; a descendant step (after "..")
// selects them at any depth below it.
type pathStep struct {
	kind       stepKind
	name       string
	index      int
	descendant bool
}

// A segment is one step of the path to a value in a document: an object
// member's name or an array index.
type segment struct {
	name    string
	index   int
	isIndex bool
}

// parseJSONPath parses p, or says what is wrong with it.
func parseJSONPath(p string) (jsonPath, error) {
	if !strings.HasPrefix(p, "$") {
		return jsonPath{}, errors.New("a path starts with $")
	}
	jp := jsonPath{text: p}
	for i := 1; i < len(p); {
		var s pathStep
		switch {
		case strings.HasPrefix(p[i:], ".."):
			s.descendant = true
			i += 2
		case p[i] == '.':
			i++
		case p[i] != '[':
			return jsonPath{}, fmt.Errorf("unexpected %q at offset %d (expected . or [)", p[i], i)
		}
		if i < len(p) && p[i] == '[' {
			n, err := parseBracket(p[i:], &s)
			if err != nil {
				return jsonPath{}, fmt.Errorf("%w at offset %d", err, i)
			}
			i += n
		} else {
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return jsonPath{}, fmt.Errorf("a member name is missing at offset %d", i)
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
// its length: [*], [3], ["name"] or ['name'].
func parseBracket(p string, s *pathStep) (int, error) {
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

// matches reports whether the path selects the value at segs.
func (jp jsonPath) matches(segs []segment) bool {
	return matchSteps(jp.steps, segs)
}

func matchSteps(steps []pathStep, segs []segment) bool {
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

func (s pathStep) matches(seg segment) bool {
	switch s.kind {
	case stepAny:
		return true
	case stepIndex:
		return seg.isIndex && seg.index == s.index
	}
	return !seg.isIndex && seg.name == s.name
}

// formatSegments writes the path to a value: $.name, $["odd name"], $[3].
func formatSegments(segs []segment) string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range segs {
		switch {
		case s.isIndex:
			fmt.Fprintf(&b, "[%d]", s.index)
		case isIdentifier(s.name):
			b.WriteString("." + s.name)
		default:
			b.WriteString("[" + strconv.Quote(s.name) + "]")
		}
	}
	return b.String()
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}
