package cachetests

import (
	"fmt"
	"strings"
)

// A Report is the results of one Run.
type Report struct {
	Subject string
	Results []Result
}

// A Score is what a Report counts for one file, or for all.
type Score struct {
	Applicable int // required and optimal cases that were not skipped
	Passed     int // of those, how many passed, with their dependencies
	Skipped    int // cases that do not apply (every kind)
	Checks     int // check cases that were run (not scored)
	ChecksOK   int // of those, how many behaved as the suite asks
}

// Percent is Passed as a share of Applicable.
func (s Score) Percent() float64 {
	if s.Applicable == 0 {
		return 0
	}
	return 100 * float64(s.Passed) / float64(s.Applicable)
}

func (s *Score) add(r Result) {
	switch {
	case r.Outcome == Skipped:
		s.Skipped++
	case r.Case.Kind == Check:
		s.Checks++
		if r.Outcome == Passed {
			s.ChecksOK++
		}
	default:
		s.Applicable++
		if r.Outcome == Passed {
			s.Passed++
		}
	}
}

// Total is the score over every file.
func (rep Report) Total() Score {
	var s Score
	for _, r := range rep.Results {
		s.add(r)
	}
	return s
}

// Files returns the score of each file, in the order of the results.
func (rep Report) Files() ([]string, map[string]Score) {
	var files []string
	scores := map[string]Score{}
	for _, r := range rep.Results {
		s, ok := scores[r.File]
		if !ok {
			files = append(files, r.File)
		}
		s.add(r)
		scores[r.File] = s
	}
	return files, scores
}

// Table is the per-file table: applicable, passed, skipped, and the check
// cases, with a total line.
func (rep Report) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", rep.Subject)
	fmt.Fprintf(&b, "%-20s %10s %7s %7s %9s\n", "file", "applicable", "passed", "skipped", "checks")
	files, scores := rep.Files()
	for _, f := range files {
		s := scores[f]
		fmt.Fprintf(&b, "%-20s %10d %7d %7d %4d/%-4d\n", f, s.Applicable, s.Passed, s.Skipped, s.ChecksOK, s.Checks)
	}
	t := rep.Total()
	fmt.Fprintf(&b, "%-20s %10d %7d %7d %4d/%-4d\n", "total", t.Applicable, t.Passed, t.Skipped, t.ChecksOK, t.Checks)
	fmt.Fprintf(&b, "score: %d of %d applicable (%.1f%%)\n", t.Passed, t.Applicable, t.Percent())
	return b.String()
}

// Failures lists the scored cases that did not pass, one a line, with why.
func (rep Report) Failures() string {
	var b strings.Builder
	for _, r := range rep.Results {
		if r.Outcome == Passed || r.Outcome == Skipped {
			continue
		}
		fmt.Fprintf(&b, "%-14s %-8s %-7s %s: %s\n", r.File, r.Case.Kind, r.Outcome, r.Case.ID, r.Message)
	}
	return b.String()
}
