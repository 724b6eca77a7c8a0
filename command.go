package recorder

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tapedeck/recorder/internal/shell"
)

// testCommand is the go test command that runs the test named name (as
// testing.T.Name gives it) in the package at dir with -update.
func testCommand(name, dir string) string { return goTest(name, "-update", dir) }

// goTest is the go test command that runs the test named name in the
// package at dir with the given flag.
func goTest(name, flag, dir string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return "go test -run " + shell.Quote(strings.Join(parts, "/")) + " " + flag + " " + dir
}

// packageDir is the working directory (a test's package directory) relative
// to its module root, as go test takes it: "./pkg/sub", or "." at the root.
// Without a go.mod above it, it is ".".
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil || rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}
