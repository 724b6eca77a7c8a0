package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
)

var pruneCommand = &Command{
	UsageLine: "tapedeck prune [--dry-run] [--duplicates] [--orphans] [expiry flags] [PATH...]",
	Short:     "remove stale interactions (with expiry flags), exact duplicates, or orphaned body files",
	Long: `
prune removes interactions from the cassettes under the paths (default ".")
and rewrites each changed cassette atomically, in the current format. It
removes what you ask for, and nothing without being asked:

  - with expiry flags, the stale interactions (and those the rules say must
    not be recorded at all); interactions without recorded_at are kept and
    named, since their age is unknown;
  - with --duplicates, every interaction whose request and response are
    exactly those of an earlier one in the same cassette (recorded_at and
    duration aside);
  - with --orphans, only the body files no interaction names.

Whatever it removes, prune also removes the body files of each cassette
it reads that no interaction names (once the interactions it removes are
gone), and the temporary files that recordings killed more than an hour
ago left in its body directory, and lists each. A body file is a large
response body kept beside the cassette, in x.bodies/ next to x.yaml.

Mind that a test which sends the same request twice replays one recording
per call: removing a duplicate makes its second call miss, unless the test
allows repeats. Run with --dry-run first to see what would go.

Example:

	$ tapedeck prune --dry-run --expire-after 720h fixtures
	$ tapedeck prune --duplicates fixtures/github.yaml
	$ tapedeck prune --orphans fixtures
`,
	Run: runPrune,
}

// The flags of prune.
var (
	pruneExpiry expiryFlags
	pruneDryRun bool
	pruneDups   bool
	pruneOrphan bool
)

func init() {
	pruneExpiry.register(&pruneCommand.Flag)
	pruneCommand.Flag.BoolVar(&pruneDryRun, "dry-run", false, "print what would be removed, change nothing")
	pruneCommand.Flag.BoolVar(&pruneDups, "duplicates", false, "remove interactions that exactly repeat an earlier one")
	pruneCommand.Flag.BoolVar(&pruneOrphan, "orphans", false, "remove only the body files no interaction names (prune removes those with any criterion)")
}

func runPrune(e *env, args []string) int {
	if !pruneExpiry.set() && !pruneDups && !pruneOrphan {
		return usageError(e, "say what to remove: expiry flags (e.g. --expire-after 720h) for stale interactions, --duplicates for exact duplicates, "+
			"--orphans for only the body files no interaction names, or several")
	}
	j, err := pruneExpiry.judge()
	if err != nil {
		return usageError(e, "%v", err)
	}
	return prune(e, args, j, pruneDups, pruneDryRun)
}

func prune(e *env, paths []string, j judge, dups, dryRun bool) int {
	files, err := findCassettes(paths)
	status := exitOK
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck prune: %v\n", err)
		status = exitProblems
	}
	verb := "removed"
	if dryRun {
		verb = "would remove"
	}
	removed, total, read, changed, bodies := 0, 0, 0, 0, 0
	for _, f := range files {
		c, err := load(f.path)
		if err != nil {
			fmt.Fprintf(e.stderr, "tapedeck prune: %v\n", err)
			status = exitProblems
			continue
		}
		read++
		total += len(c.Interactions)
		var keep []*cassette.Interaction
		seen := map[string]int{} // interaction content -> index of its first occurrence
		for i, in := range c.Interactions {
			reason := ""
			if j.active {
				if v := j.verdict(in); v.Stale {
					if in.RecordedAt.IsZero() && v.Expire != expiry.DoNotRecord {
						fmt.Fprintf(e.stdout, "%s: kept interaction %s: it has no recorded_at, so prune cannot tell its age\n",
							where(f.path, in.Line), label(i, in))
					} else {
						reason = why(in, v)
					}
				}
			}
			if reason == "" && dups {
				key, err := content(in)
				if err != nil {
					fmt.Fprintf(e.stderr, "tapedeck prune: %s: interaction %s: %v\n", where(f.path, in.Line), label(i, in), err)
					status = exitProblems
				} else if first, ok := seen[key]; ok {
					d := c.Interactions[first]
					reason = fmt.Sprintf("an exact duplicate of #%d (line %d)", first+1, d.Line)
				} else {
					seen[key] = i
				}
			}
			if reason == "" {
				keep = append(keep, in)
				continue
			}
			removed++
			fmt.Fprintf(e.stdout, "%s: %s interaction %s: %s\n", where(f.path, in.Line), verb, label(i, in), reason)
		}
		var gone []string
		switch {
		case len(keep) == len(c.Interactions) || dryRun:
			if len(keep) < len(c.Interactions) {
				changed++
			}
			c.Interactions = keep
			gone, err = orphanBodies(f.path, c, dryRun)
			if err != nil {
				fmt.Fprintf(e.stderr, "tapedeck prune: %v\n", err)
				status = exitProblems
			}
		default:
			changed++
			c.Interactions = keep
			before, _ := afero.ReadFile(disk, f.path)
			gone, err = saveNoting(f.path, c)
			if err != nil {
				msg := err.Error()
				if after, rerr := afero.ReadFile(disk, f.path); rerr == nil && bytes.Equal(after, before) {
					msg += "; the file is unchanged"
				}
				fmt.Fprintf(e.stderr, "tapedeck prune: %s\n", msg)
				status = exitProblems
			}
		}
		for _, p := range gone {
			why := "no interaction names it"
			if strings.HasPrefix(filepath.Base(p), ".") {
				why = "a recording that was killed left it"
			}
			fmt.Fprintf(e.stdout, "%s: %s body file %s: %s\n", f.path, verb, p, why)
		}
		bodies += len(gone)
	}
	if removed == 0 {
		fmt.Fprintf(e.stdout, "nothing to remove among %s in %s\n", plural(total, "interaction"), plural(read, "cassette"))
	} else {
		fmt.Fprintf(e.stdout, "%s %d of %s from %s\n", verb, removed, plural(total, "interaction"), plural(changed, "cassette"))
	}
	if bodies > 0 {
		fmt.Fprintf(e.stdout, "%s %s\n", verb, plural(bodies, "body file"))
	}
	return status
}

// content is what makes two interactions exact duplicates: their request
// and response as the file writes them, without recorded_at and duration.
func content(in *cassette.Interaction) (string, error) {
	data, err := cassette.Marshal(&cassette.Cassette{Interactions: []*cassette.Interaction{{
		Request:  in.Request,
		Response: in.Response,
	}}})
	return string(data), err
}
