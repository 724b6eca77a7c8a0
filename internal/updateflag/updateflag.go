// Package updateflag registers the -update test flag that tapedeck shares
// with gotest.tools/v3 (golden files) and any other package that reads a
// boolean -update flag.
//
// It imports only flag, os, strconv and strings so that it initializes before
// gotest.tools/v3/internal/source, whatever the test binary imports: since
// Go 1.21 packages initialize in import-path order once their imports are
// ready, and "github.com/..." sorts before "gotest.tools/...". Registered
// first, the flag is a flag.Getter whose Get returns a bool (the contract
// gotest.tools checks before it reuses an existing -update flag) and it also
// accepts -update=all. Should a plain boolean -update flag exist already (a
// package registered one earlier), Register wraps it in place so that the
// earlier owner keeps reading it and -update=all still works.
package updateflag

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Name is the flag's name.
const Name = "update"

// Level is what -update asks for.
type Level int

const (
	// Off: -update was not given (or was given as false).
	Off Level = iota
	// Stale: -update (or -update=true): refresh missing and stale recordings.
	Stale
	// All: -update=all: re-record everything.
	All
)

// Value is the flag.Value behind -update.
type Value struct {
	level Level
	// inner is a flag that existed before Register wrapped it; it is kept
	// informed so that its owner reads the same answer.
	inner flag.Value
}

// String implements flag.Value.
func (v *Value) String() string {
	if v == nil {
		return "false"
	}
	switch v.level {
	case Stale:
		return "true"
	case All:
		return "all"
	}
	return "false"
}

// Set implements flag.Value: it accepts the boolean forms strconv.ParseBool
// does, and "all".
func (v *Value) Set(s string) error {
	level := Off
	if strings.EqualFold(s, "all") {
		level = All
	} else {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true, false or all (go test -update or -update=all), got %q", s)
		}
		if b {
			level = Stale
		}
	}
	if v.inner != nil {
		if err := v.inner.Set(strconv.FormatBool(level != Off)); err != nil {
			return err
		}
	}
	v.level = level
	return nil
}

// Get implements flag.Getter. It returns a bool, true for -update and
// -update=all, as gotest.tools/v3 requires of an existing -update flag.
func (v *Value) Get() any { return v.level != Off }

// IsBoolFlag lets the flag be given without a value: -update.
func (v *Value) IsBoolFlag() bool { return true }

// Level reports what the flag asks for.
func (v *Value) Level() Level { return v.level }

// Register makes sure fs has an -update flag backed by a *Value and returns
// it. With no -update flag in fs it defines one. An existing *Value is
// returned as it is. Any other existing -update flag is wrapped in place: the
// new Value forwards true/false to it, so its owner keeps working.
func Register(fs *flag.FlagSet) *Value {
	f := fs.Lookup(Name)
	if f == nil {
		v := &Value{}
		fs.Var(v, Name, "refresh tapedeck cassettes and golden files: -update records missing and stale interactions, -update=all re-records everything")
		return v
	}
	if v, ok := f.Value.(*Value); ok {
		return v
	}
	v := &Value{inner: f.Value}
	if g, ok := f.Value.(flag.Getter); ok {
		if b, ok := g.Get().(bool); ok && b {
			v.level = Stale
		}
	}
	f.Value = v
	f.Usage += " (tapedeck: -update=all re-records every cassette)"
	return v
}

// Default is the -update flag of flag.CommandLine, registered when this
// package initializes in a test binary; nil in other programs, so that
// importing tapedeck never adds a flag to an ordinary program (where it could
// collide with the program's own -update).
var Default *Value

func init() {
	if isTestBinary(os.Args) {
		Default = Register(flag.CommandLine)
	}
}

// isTestBinary reports whether args[0] names a binary built by go test
// (pkg.test, or pkg.test.exe on Windows).
func isTestBinary(args []string) bool {
	if len(args) == 0 {
		return false
	}
	name := args[0]
	return strings.HasSuffix(name, ".test") || strings.HasSuffix(name, ".test.exe")
}

// Current reports the level of the -update flag of flag.CommandLine: Off when
// the flag is absent or flag.Parse has not run yet.
func Current() Level {
	if Default == nil || !flag.Parsed() {
		return Off
	}
	return Default.level
}
