package drift

import (
	"fmt"
	"strings"
)

// A Kind is what happened to a value between the old and the new message.
type Kind int

// The kinds of change.
const (
	// Added is a value only the new message has.
	Added Kind = iota + 1
	// Removed is a value only the old message has.
	Removed
	// TypeChanged is a JSON value whose type differs: number to string,
	// object to null.
	TypeChanged
	// ValueChanged is a value of the same type that differs: a status, a
	// header, a JSON string or number, a body that is not JSON.
	ValueChanged
)

// String is the kind as the reports print it: "added", "removed", "type
// changed", "changed".
func (k Kind) String() string {
	switch k {
	case Added:
		return "added"
	case Removed:
		return "removed"
	case TypeChanged:
		return "type changed"
	case ValueChanged:
		return "changed"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// A Change is one difference between an old message and a new one.
type Change struct {
	Kind Kind
	// Path names the value: "status", "response header Content-Type",
	// "response body $.items[*].id", "request header Accept".
	Path string
	// Old and New describe the two values for a person: a JSON value's
	// type and value (`string "ada"`, `number 42`, `object`), a header's
	// value, a status line. The side that has no value is "".
	Old, New string
	// Count is how many values the change stands for: the elements of an
	// array whose members changed alike (their Path says [*]); 1 otherwise.
	Count int
}

// String is the change in one line: the path, the kind, and the values.
func (c Change) String() string {
	var b strings.Builder
	b.WriteString(c.Path)
	b.WriteString(": ")
	b.WriteString(c.Kind.String())
	switch {
	case c.Old != "" && c.New != "":
		fmt.Fprintf(&b, " (%s → %s)", c.Old, c.New)
	case c.New != "":
		fmt.Fprintf(&b, " (%s)", c.New)
	case c.Old != "":
		fmt.Fprintf(&b, " (was %s)", c.Old)
	}
	if c.Count > 1 {
		fmt.Fprintf(&b, " in %d elements", c.Count)
	}
	return b.String()
}
