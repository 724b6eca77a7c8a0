package updateflag

import (
	"flag"
	"io"
	"testing"

	"gotest.tools/v3/assert"
)

// gotestToolsInit does what gotest.tools/v3/internal/source's init does
// (v3.5.2, update.go): reuse an existing -update flag only if it is a
// flag.Getter whose Get returns a bool, panic otherwise, and define a plain
// bool flag when there is none. The package is internal, so the test repeats
// its contract; TestCommandLine in the root package checks the real thing.
func gotestToolsInit(fs *flag.FlagSet) {
	if f := fs.Lookup("update"); f != nil {
		getter, ok := f.Value.(flag.Getter)
		msg := "some other package defined an incompatible -update flag, expected a flag.Bool"
		if !ok {
			panic(msg)
		}
		if _, ok := getter.Get().(bool); !ok {
			panic(msg)
		}
		return
	}
	fs.Bool("update", false, "update golden values")
}

func newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func TestInitOrders(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		level  Level
		golden bool // what gotest.tools reads through flag.Getter
	}{
		{name: "absent", args: nil, level: Off, golden: false},
		{name: "bare", args: []string{"-update"}, level: Stale, golden: true},
		{name: "true", args: []string{"-update=true"}, level: Stale, golden: true},
		{name: "all", args: []string{"-update=all"}, level: All, golden: true},
		{name: "ALL", args: []string{"-update=ALL"}, level: All, golden: true},
		{name: "false", args: []string{"-update=false"}, level: Off, golden: false},
	} {
		t.Run("tapedeck-first/"+tc.name, func(t *testing.T) {
			fs := newFlagSet()
			v := Register(fs)
			gotestToolsInit(fs) // must not panic
			assert.NilError(t, fs.Parse(tc.args))
			assert.Equal(t, v.Level(), tc.level)
			assert.Equal(t, fs.Lookup("update").Value.(flag.Getter).Get(), tc.golden)
		})
		t.Run("gotest-tools-first/"+tc.name, func(t *testing.T) {
			fs := newFlagSet()
			gotestToolsInit(fs)
			plain := fs.Lookup("update").Value.(flag.Getter)
			v := Register(fs)
			assert.NilError(t, fs.Parse(tc.args))
			assert.Equal(t, v.Level(), tc.level)
			// The original owner reads the flag it registered, unchanged.
			assert.Equal(t, plain.Get(), tc.golden)
			assert.Equal(t, fs.Lookup("update").Value.(flag.Getter).Get(), tc.golden)
		})
	}
}

func TestRegisterTwiceReturnsSameValue(t *testing.T) {
	fs := newFlagSet()
	assert.Equal(t, Register(fs), Register(fs))
}

func TestWrapKeepsEarlierTrue(t *testing.T) {
	fs := newFlagSet()
	fs.Bool("update", true, "")
	assert.Equal(t, Register(fs).Level(), Stale)
}

func TestBadValue(t *testing.T) {
	fs := newFlagSet()
	Register(fs)
	err := fs.Parse([]string{"-update=sometimes"})
	assert.ErrorContains(t, err, `want true, false or all (go test -update or -update=all), got "sometimes"`)
}

func TestIsTestBinary(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"/tmp/go-build1/b001/recorder.test"}, true},
		{[]string{`C:\x\recorder.test.exe`}, true},
		{[]string{"/usr/local/bin/myapp"}, false},
		{[]string{"/usr/local/bin/latest"}, false},
	} {
		assert.Equal(t, isTestBinary(tc.args), tc.want, "%v", tc.args)
	}
}

func TestDefaultRegisteredInTestBinary(t *testing.T) {
	assert.Assert(t, Default != nil)
	assert.Equal(t, flag.Lookup("update").Value, flag.Value(Default))
}
