package cassette

import "unicode/utf8"

// This file writes a compact JSON body as the literal block yaml writes
// for it indented (see indentJSON), in the one pass that checks it.

// maxJSONDepth is the deepest nesting appendJSONBlock writes; deeper JSON
// is left to indentJSON and the nodes.
const maxJSONDepth = 256

// appendJSONBlock appends to dst the lines of the literal block that yaml
// writes for indentJSON(b) at column indent, each ended with a line break,
// in one pass over b, and reports whether it did. It does not when b is
// not a compact JSON object or array with something in it (indentJSON
// takes exactly the compact ones), when it nests deeper than
// maxJSONDepth, or when a string of it has a character that yaml does not
// write as it is in a literal block. dst may have grown when it does not.
//
// It indents as json.Indent(out, b, "", "  ") does: a line after each
// opening bracket and comma, and before each closing bracket, but for
// an empty object or array; a space after each colon.
func appendJSONBlock(dst, b []byte, indent int) ([]byte, bool) {
	if len(b) <= 2 || b[0] != '{' && b[0] != '[' {
		return dst, false // "{}" and "[]" are one line, which yaml quotes
	}
	out := appendSpaces(dst, indent)
	var closers [maxJSONDepth]byte // of the objects and arrays open
	depth, i, key := 0, 0, false   // key: a member of an object starts at i
	for {
		if key {
			end, ok := jsonString(b, i)
			if !ok || end >= len(b) || b[end] != ':' {
				return out, false
			}
			out = append(append(out, b[i:end]...), ':', ' ')
			i, key = end+1, false
		}
		if i >= len(b) {
			return out, false
		}
		// A value.
		switch c := b[i]; c {
		case '{', '[':
			closer := c + 2 // } and ]
			if i+1 < len(b) && b[i+1] == closer {
				out = append(out, c, closer)
				i += 2
				break
			}
			if depth == len(closers) {
				return out, false
			}
			closers[depth] = closer
			depth++
			out = appendSpaces(append(out, c, '\n'), indent+2*depth)
			i++
			key = c == '{'
			continue
		default:
			end, ok := jsonScalar(b, i)
			if !ok {
				return out, false
			}
			out = append(out, b[i:end]...)
			i = end
		}
		// After a value: the brackets it closes, then the comma before
		// the next one.
		for {
			if depth == 0 {
				return append(out, '\n'), i == len(b)
			}
			if i >= len(b) {
				return out, false
			}
			if b[i] == ',' {
				out = appendSpaces(append(out, ',', '\n'), indent+2*depth)
				i++
				key = closers[depth-1] == '}'
				break
			}
			if b[i] != closers[depth-1] {
				return out, false
			}
			depth--
			out = append(appendSpaces(append(out, '\n'), indent+2*depth), b[i])
			i++
		}
	}
}

// jsonScalar returns the end of the JSON string, number, true, false or
// null at b[i], and whether there is one.
func jsonScalar(b []byte, i int) (end int, ok bool) {
	switch b[i] {
	case '"':
		return jsonString(b, i)
	case 't':
		return jsonWord(b, i, "true")
	case 'f':
		return jsonWord(b, i, "false")
	case 'n':
		return jsonWord(b, i, "null")
	}
	return jsonNumber(b, i)
}

// jsonWord returns the end of w at b[i], and whether it is there.
func jsonWord(b []byte, i int, w string) (end int, ok bool) {
	end = i + len(w)
	return end, end <= len(b) && string(b[i:end]) == w
}

// jsonNumber returns the end of the number at b[i],
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?, and whether there is one.
func jsonNumber(b []byte, i int) (end int, ok bool) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		start := i + 1
		if i = digits(b, start); i == start {
			return i, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		start := i
		if i = digits(b, start); i == start {
			return i, false
		}
	}
	return i, true
}

// digits returns the index of the first byte of b from i on that is not
// a decimal digit.
func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// jsonString returns the end of the JSON string at b[i], which starts
// with its quote, and whether it is one that yaml writes as it is in a
// literal block.
func jsonString(b []byte, i int) (end int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	for i++; i < len(b); {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c == '\\':
			if i+1 >= len(b) {
				return i, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return i, false
				}
				i += 6
			default:
				return i, false
			}
		case c < 0x20 || c == 0x7f:
			return i, false // not JSON, or (DEL) not in a literal block
		case c < 0x80:
			i++
		default:
			// yaml writes in a literal block, as they are, the printable
			// characters that are not line breaks (is_printable, is_break):
			// U+00A0 to U+FFFD but U+2028, U+2029 and the byte order mark.
			r, w := utf8.DecodeRune(b[i:])
			if r < 0xA0 || r > 0xFFFD || r == 0x2028 || r == 0x2029 || r == 0xFEFF || w == 1 {
				return i, false // w == 1: not UTF-8
			}
			i += w
		}
	}
	return i, false
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
