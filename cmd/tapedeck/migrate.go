package main

import (
	"bytes"
	"fmt"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
)

var migrateCommand = &Command{
	UsageLine: "tapedeck migrate [--dry-run] [PATH...]",
	Short:     "rewrite cassettes in the current format version, atomically",
	Long: `
migrate rewrites the cassettes under the paths (default ".") in the format
tapedeck writes today, atomically (a temporary file, then a rename), and
says what it did to each.

Format version 1 is the only version so far, so today there is nothing to
upgrade: migrate rewrites a file only when its text differs from what
tapedeck writes for it (after hand edits: field or header order, quoting,
a JSON body not indented as tapedeck indents it) and leaves the others
alone. The rewrite never changes a recorded byte: migrate reads the new
text back and refuses to write when it does not hold exactly what the old
one did. Comments are dropped, except the one at the top of the file. When
a later tapedeck introduces version 2, migrate is how version 1 cassettes
are upgraded.

A rewritten cassette's body files (x.bodies/ next to x.yaml) stay as they
are; those that no interaction names are removed, as every save does, and
listed.

Example:

	$ tapedeck migrate --dry-run fixtures
`,
	Run: runMigrate,
}

// The flags of migrate.
var (
	migrateDryRun bool
)

func init() {
	migrateCommand.Flag.BoolVar(&migrateDryRun, "dry-run", false, "say what would be rewritten, change nothing")
}

func runMigrate(e *env, args []string) int {
	return migrate(e, args, migrateDryRun)
}

func migrate(e *env, paths []string, dryRun bool) int {
	files, err := findCassettes(paths)
	status := exitOK
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck migrate: %v\n", err)
		status = exitProblems
	}
	rewritten := 0
	for _, f := range files {
		msg, changed, gone, err := migrateFile(f.path, dryRun)
		if err != nil {
			fmt.Fprintf(e.stderr, "tapedeck migrate: %v\n", err)
			status = exitProblems
			continue
		}
		if changed {
			rewritten++
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", f.path, msg)
		verb := "removed"
		if dryRun {
			verb = "would remove"
		}
		for _, p := range gone {
			fmt.Fprintf(e.stdout, "%s: %s body file %s: no interaction names it\n", f.path, verb, p)
		}
	}
	verb := "rewrote"
	if dryRun {
		verb = "would rewrite"
	}
	fmt.Fprintf(e.stdout, "%s %d of %s (format version %d)\n", verb, rewritten, plural(len(files), "cassette"), cassette.Version)
	return status
}

// migrateFile rewrites one cassette when its text is not what tapedeck
// writes, and says what it did, and which body files the rewrite removed
// (or would) since no interaction names them.
func migrateFile(path string, dryRun bool) (msg string, changed bool, gone []string, err error) {
	c, err := load(path)
	if err != nil {
		return "", false, nil, err
	}
	old, err := afero.ReadFile(disk, path)
	if err != nil {
		return "", false, nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	data, err := cassette.Marshal(c)
	if err != nil {
		return "", false, nil, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(old, data) {
		return fmt.Sprintf("already as tapedeck writes format version %d, left alone", cassette.Version), false, nil, nil
	}
	back, err := cassette.Unmarshal(data)
	if err != nil || !cmp.Equal(c, back, sameRecording) {
		return "", false, nil, fmt.Errorf("%s: rewriting would change what the cassette holds, so it is left unchanged: "+
			"please report this at https://github.com/tapedeck/recorder/issues with the file", path)
	}
	what := fmt.Sprintf("as tapedeck writes format version %d (the text differs from line %d on)",
		cassette.Version, firstDifferentLine(old, data))
	if c.Version < cassette.Version {
		what = fmt.Sprintf("from format version %d to %d", c.Version, cassette.Version)
	}
	if dryRun {
		gone, err := orphanBodies(path, c, true)
		if err != nil {
			return "", false, nil, err
		}
		return fmt.Sprintf("would be rewritten %s; no recorded byte would change", what), true, gone, nil
	}
	gone, err = saveNoting(path, c)
	if err != nil {
		return "", false, gone, err
	}
	return fmt.Sprintf("rewritten %s; no recorded byte changed", what), true, gone, nil
}

// sameRecording compares cassettes as the file keeps them: Line is not
// written, the version is always the current one, and an empty header or
// body reads back as nil.
var sameRecording = cmp.Options{
	cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(cassette.Interaction{}, "Line"),
	cmpopts.IgnoreFields(cassette.Cassette{}, "Version", "Comment"),
}

// firstDifferentLine returns the 1-based line where a and b first differ.
func firstDifferentLine(a, b []byte) int {
	line := 1
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '\n' {
			line++
		}
	}
	return line
}
