package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/govcr"
)

// disk is the file system every command reads and writes: every file
// access of the command goes through it, so that a test can swap it for
// afero.NewMemMapFs().
var disk = afero.NewOsFs()

// A found file is a cassette file named on the command line or found in a
// directory.
type found struct {
	path string
	// named is true when the path was given on the command line, rather
	// than found in a directory.
	named bool
}

// findCassettes returns the cassette files under paths (default "."): a
// named file as it is, and under a directory every *.yaml or *.yml file
// that looks like a tapedeck cassette (see looksLikeCassette), in lexical
// order. Directories whose names start with "." (.git, .github), vendor
// and node_modules are not searched. A path that does not exist is an
// error.
func findCassettes(paths []string) ([]found, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var out []found
	var errs []error
	for _, p := range paths {
		fi, err := disk.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		if !fi.IsDir() {
			out = append(out, found{path: p, named: true})
			continue
		}
		err = afero.Walk(disk, p, func(path string, fi fs.FileInfo, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path, unwrapPathError(err)))
				return nil
			}
			if fi.IsDir() {
				if path != p && skipDir(fi.Name()) {
					return filepath.SkipDir
				}
				return nil
			}
			ext := filepath.Ext(path)
			if ext != ".yaml" && ext != ".yml" {
				return nil
			}
			data, err := afero.ReadFile(disk, path)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path, unwrapPathError(err)))
				return nil
			}
			if looksLikeCassette(data) {
				out = append(out, found{path: path})
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules"
}

// unwrapPathError drops the path and operation of an *fs.PathError, which
// the caller already names: "fixtures/x.yaml: no such file or directory".
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var interactionsLine = regexp.MustCompile(`(?m)^interactions:`)

// looksLikeCassette reports whether a YAML file found in a directory is a
// tapedeck cassette: it has a top-level "interactions:" line and is not a
// go-vcr cassette. The test is on the text, so that a cassette that no
// longer parses is still found (and reported), while other YAML files (CI
// workflows, configuration) are left alone.
func looksLikeCassette(data []byte) bool {
	return interactionsLine.Match(data) && !govcr.IsCassette(data)
}

// load reads the cassette at path. A go-vcr cassette gets an error that
// says how to convert it.
func load(path string) (*cassette.Cassette, error) {
	c, err := cassette.Load(disk, path)
	if err == nil {
		return c, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		if data, rerr := afero.ReadFile(disk, path); rerr == nil && govcr.IsCassette(data) {
			return nil, fmt.Errorf("%s: this is a go-vcr cassette, not a tapedeck one: convert it with tapedeck import --from go-vcr %s", path, path)
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", path)
	}
	var fe *cassette.FormatError
	if errors.As(err, &fe) {
		return nil, err
	}
	return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
}

// errorLine returns the line a load error points at, 0 if none.
func errorLine(err error) int {
	var fe *cassette.FormatError
	if errors.As(err, &fe) {
		return fe.Line
	}
	return 0
}

// save writes c to path atomically, as the recorder does.
func save(path string, c *cassette.Cassette) error {
	return cassette.Save(disk, path, c)
}
