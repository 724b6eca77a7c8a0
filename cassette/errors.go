package cassette

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrNewerVersion reports a cassette written by a newer tapedeck, in a format
// version this package cannot read. Test for it with errors.Is; the error
// itself is a *FormatError that names the file and line of `version`.
var ErrNewerVersion = errors.New("cassette version is newer than this tapedeck")

// A FormatError reports a cassette that cannot be read: malformed YAML, a
// field of the wrong type, an unknown field, an unsupported version. It
// prints as "path:line: message", leaving out the path or the line when they
// are not known (Unmarshal knows no path, so its errors read
// "line 7: message"; Load adds the path).
type FormatError struct {
	// Path is the cassette file, when the cassette was read with Load.
	Path string
	// Line is the 1-based line of the offending YAML node, or 0 if unknown.
	Line int
	// Err says what is wrong and how to fix it.
	Err error
}

// Error returns "path:line: message".
func (e *FormatError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	switch {
	case e.Path != "" && e.Line > 0:
		return e.Path + ":" + strconv.Itoa(e.Line) + ": " + msg
	case e.Path != "":
		return e.Path + ": " + msg
	case e.Line > 0:
		return "line " + strconv.Itoa(e.Line) + ": " + msg
	default:
		return msg
	}
}

// Unwrap returns e.Err, so that errors.Is(err, ErrNewerVersion) works.
func (e *FormatError) Unwrap() error { return e.Err }

// errorf returns a *FormatError at line with a formatted message.
func errorf(line int, format string, args ...any) *FormatError {
	return &FormatError{Line: line, Err: fmt.Errorf(format, args...)}
}

// newerVersionError is the Err of the FormatError for a cassette whose
// version is newer than Version. It prints the upgrade command and unwraps
// to ErrNewerVersion.
type newerVersionError struct {
	version int
}

func (e newerVersionError) Error() string {
	return fmt.Sprintf("cassette version %d is newer than this tapedeck (reads up to %d): "+
		"upgrade with go get github.com/tapedeck/recorder@latest", e.version, Version)
}

func (e newerVersionError) Unwrap() error { return ErrNewerVersion }
