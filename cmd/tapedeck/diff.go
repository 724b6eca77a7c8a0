package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/drift"
)

var diffCommand = &Command{
	UsageLine: "tapedeck diff [--shape] [--markdown] [--exit-code] OLD NEW",
	Short:     "compare two versions of a cassette by meaning: interactions paired by request, bodies by JSON path",
	Long: `
diff compares the cassette OLD with NEW (a re-recorded version, say) the way
a reviewer reads them: interactions are paired by request (method, URL and
body, as the recorder matches them, then method and URL without the query,
so that a request whose timestamp parameter changed still pairs), and for
each pair it prints what changed in the request headers, the status, the
response headers, and the JSON bodies field by field, by JSON path. A body
kept in a body file beside the cassette is compared by the file's name,
the SHA-256 of the body, and size (the files are not read): the same name
is the same body, another is "response body file: changed".
Interactions only one side has are listed as added or removed. What only
moved (recorded_at, duration) is summed up in one line.

--shape leaves changed values out, as tapedeck verify does by default: only
statuses, Content-Type, which headers and fields there are, and their types.

The exit status is 0 when the files could be compared, whether or not they
differ (so that git can run diff as a diff driver), or with --exit-code 1
when they differ; 1 when a file cannot be read.

As a git diff driver, so that git diff and git log -p show cassettes by
meaning (git passes seven arguments; diff reads the two files from them):

	$ git config diff.tapedeck.command 'tapedeck diff --git'
	$ echo 'fixtures/**/*.yaml diff=tapedeck' >> .gitattributes

Example:

	$ tapedeck diff fixtures/github.yaml.orig fixtures/github.yaml
	#1 GET https://api.github.com/repos/o/r
	    response body $.stargazers_count: changed (number 41 → number 42)
	added: #3 GET https://api.github.com/repos/o/r/topics
	only moved: recorded_at in 2 interactions, duration in 2
`,
	Run: runDiff,
}

// The flags of diff.
var (
	diffShape    bool
	diffMarkdown bool
	diffExitCode bool
	diffGit      bool
)

func init() {
	f := &diffCommand.Flag
	f.BoolVar(&diffShape, "shape", false, "compare only the shape: statuses, Content-Type, which headers and fields there are, their types")
	f.BoolVar(&diffMarkdown, "markdown", false, "print the report as markdown, for a pull request")
	f.BoolVar(&diffExitCode, "exit-code", false, "exit 1 when the cassettes differ")
	f.BoolVar(&diffGit, "git", false, "take the seven arguments git passes a diff driver (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE)")
}

func runDiff(e *env, args []string) int {
	oldPath, newPath, name := "", "", ""
	switch {
	case diffGit && len(args) == 7:
		name, oldPath, newPath = args[0], args[1], args[4]
	case diffGit:
		return usageError(e, "with --git, want the 7 arguments git passes a diff driver, got %d", len(args))
	case len(args) == 2:
		oldPath, newPath = args[0], args[1]
	default:
		return usageError(e, "want two cassettes, OLD and NEW, got %d arguments", len(args))
	}
	oldC, err := loadOrEmpty(oldPath, diffGit)
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck diff: %v\n", err)
		return exitProblems
	}
	newC, err := loadOrEmpty(newPath, diffGit)
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck diff: %v\n", err)
		return exitProblems
	}
	var opts []drift.Option
	if !diffShape {
		opts = append(opts, drift.Values())
	}
	entries := drift.Cassettes(oldC, newC, opts...)
	differ := false
	var items []driftItem
	recordedAt, duration, bodyFile := 0, 0, 0
	for _, en := range entries {
		switch {
		case en.Old == nil:
			items = append(items, driftItem{label: "added: " + label(en.NewIndex, en.New)})
			differ = true
		case en.New == nil:
			items = append(items, driftItem{label: "removed: " + label(en.OldIndex, en.Old)})
			differ = true
		default:
			if en.Old.Response.BodyFile != "" || en.New.Response.BodyFile != "" {
				var moved bool
				en.Changes, moved = bodyFileChanges(en.Changes, &en.Old.Response, &en.New.Response, !diffShape)
				if moved {
					en.Moved = append(en.Moved, "body_file")
				}
			}
			if len(en.Changes) > 0 {
				items = append(items, driftItem{label: label(en.NewIndex, en.New), changes: en.Changes})
				differ = true
			}
			for _, m := range en.Moved {
				switch m {
				case "recorded_at":
					recordedAt++
				case "duration":
					duration++
				case "body_file":
					bodyFile++
				}
			}
		}
	}
	var moved []string
	if recordedAt > 0 {
		moved = append(moved, "recorded_at in "+plural(recordedAt, "interaction"))
	}
	if duration > 0 {
		moved = append(moved, "duration in "+plural(duration, "interaction"))
	}
	if bodyFile > 0 {
		moved = append(moved, "the response body between the cassette and a body file in "+plural(bodyFile, "interaction"))
	}
	if diffGit {
		fmt.Fprintf(e.stdout, "tapedeck diff %s\n", name)
	}
	if diffMarkdown {
		title := "Changes in `" + newPath + "`"
		if name != "" {
			title = "Changes in `" + name + "`"
		}
		var md []driftItem
		for _, it := range items {
			if len(it.changes) == 0 {
				// An added or removed interaction is one row.
				verb, what, _ := strings.Cut(it.label, ": ")
				it = driftItem{label: what, changes: []drift.Change{{Kind: kindOf(verb), Path: "interaction", Count: 1}}}
			}
			md = append(md, it)
		}
		writeDriftMarkdown(e.stdout, title, md)
		if len(moved) > 0 {
			fmt.Fprintf(e.stdout, "Only moved: %s.\n", strings.Join(moved, ", "))
		}
	} else {
		for _, it := range items {
			fmt.Fprintln(e.stdout, it.label)
			for _, c := range it.changes {
				fmt.Fprintf(e.stdout, "    %s\n", c)
			}
		}
		if len(moved) > 0 {
			fmt.Fprintf(e.stdout, "only moved: %s\n", strings.Join(moved, ", "))
		}
		if !differ && len(moved) == 0 {
			fmt.Fprintln(e.stdout, "no changes")
		}
	}
	if differ && diffExitCode {
		return exitProblems
	}
	return exitOK
}

func kindOf(verb string) drift.Kind {
	if verb == "added" {
		return drift.Added
	}
	return drift.Removed
}

// loadOrEmpty loads a cassette; for git, /dev/null (a file added or
// deleted) is an empty one.
func loadOrEmpty(path string, git bool) (*cassette.Cassette, error) {
	if git && path == "/dev/null" {
		return &cassette.Cassette{Version: cassette.Version}, nil
	}
	c, err := load(path)
	if err != nil && errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file", path)
	}
	return c, err
}
