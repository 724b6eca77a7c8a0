package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"
)

var lsCommand = &Command{
	UsageLine: "tapedeck ls [--json] [expiry flags] [PATH...]",
	Short:     "list interactions: method, URL, status, body size, age, staleness",
	Long: `
ls lists every interaction of the cassettes under the paths (default "."),
one line each: where it starts (file:line), its number (for tapedeck show),
method, URL, response status, response body size ("(file)" when the body
is in a body file beside the cassette), age, and whether it is fresh or
stale under the expiry flags. Without expiry flags nothing expires,
as in tests. Totals come last. A cassette that cannot be read is reported on
stderr and makes the exit status 1; the others are still listed.

--json prints one JSON object instead: {"cassettes": [{"path", "version",
"interactions": [{"number", "line", "method", "url", "status", "body_size",
"body_file", "recorded_at", "age_seconds", "state", "stale", "expires_at",
"verdict"}]}], "errors": [{"path", "line", "message"}], "totals": {...}}.
body_file is the name of the body file, when the body is in one; the
totals count response bodies, body files in them included, and body files
(each once per cassette) apart too.

Example:

	$ tapedeck ls --expire-after 720h --expire-url 'api.example.com/*=24h' fixtures
`,
	Run: runLs,
}

// The flags of ls.
var (
	lsExpiry expiryFlags
	lsAsJSON bool
)

func init() {
	lsExpiry.register(&lsCommand.Flag)
	lsCommand.Flag.BoolVar(&lsAsJSON, "json", false, "print JSON for machines instead of a table")
}

func runLs(e *env, args []string) int {
	j, err := lsExpiry.judge()
	if err != nil {
		return usageError(e, "%v", err)
	}
	return ls(e, args, j, lsAsJSON)
}

// lsInteraction is one line of ls, and its JSON form.
type lsInteraction struct {
	Number     int        `json:"number"`
	Line       int        `json:"line"`
	Method     string     `json:"method"`
	URL        string     `json:"url"`
	Status     int        `json:"status"`
	BodySize   int        `json:"body_size"`
	BodyFile   string     `json:"body_file,omitempty"`
	RecordedAt *time.Time `json:"recorded_at"`
	AgeSeconds *int64     `json:"age_seconds"`
	State      string     `json:"state"`
	Stale      bool       `json:"stale"`
	ExpiresAt  *time.Time `json:"expires_at"`
	Verdict    string     `json:"verdict"`
}

type lsCassette struct {
	Path         string          `json:"path"`
	Version      int             `json:"version"`
	Interactions []lsInteraction `json:"interactions"`
}

type lsError struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

type lsTotals struct {
	Cassettes    int `json:"cassettes"`
	Interactions int `json:"interactions"`
	Stale        int `json:"stale"`
	BodyBytes    int `json:"body_bytes"`
	BodyFiles    int `json:"body_files"`
	FileBytes    int `json:"body_file_bytes"`
	Errors       int `json:"errors"`
}

type lsReport struct {
	Cassettes []lsCassette `json:"cassettes"`
	Errors    []lsError    `json:"errors"`
	Totals    lsTotals     `json:"totals"`
}

func ls(e *env, paths []string, j judge, asJSON bool) int {
	files, findErr := findCassettes(paths)
	report := lsReport{Cassettes: []lsCassette{}, Errors: []lsError{}}
	if findErr != nil {
		report.Errors = append(report.Errors, lsError{Message: findErr.Error()})
	}
	for _, f := range files {
		c, err := load(f.path)
		if err != nil {
			report.Errors = append(report.Errors, lsError{Path: f.path, Line: errorLine(err), Message: err.Error()})
			continue
		}
		lc := lsCassette{Path: f.path, Version: c.Version, Interactions: []lsInteraction{}}
		files := map[string]bool{}
		for i, in := range c.Interactions {
			v := j.verdict(in)
			li := lsInteraction{
				Number:   i + 1,
				Line:     in.Line,
				Method:   in.Request.Method,
				URL:      in.Request.URL,
				Status:   in.Response.Code,
				BodySize: len(in.Response.Body),
				State:    state(v),
				Stale:    v.Stale,
				Verdict:  v.String(),
			}
			if rs := &in.Response; rs.BodyFile != "" {
				li.BodySize, li.BodyFile = int(rs.BodySize), rs.BodyFile
				if !files[rs.BodyFile] {
					files[rs.BodyFile] = true
					report.Totals.BodyFiles++
					report.Totals.FileBytes += li.BodySize
				}
			}
			if !in.RecordedAt.IsZero() {
				t := in.RecordedAt
				secs := int64(j.now.Sub(t) / time.Second)
				li.RecordedAt, li.AgeSeconds = &t, &secs
			}
			if !v.ExpiresAt.IsZero() {
				t := v.ExpiresAt.UTC().Truncate(time.Second)
				li.ExpiresAt = &t
			}
			lc.Interactions = append(lc.Interactions, li)
			report.Totals.Interactions++
			report.Totals.BodyBytes += li.BodySize
			if v.Stale {
				report.Totals.Stale++
			}
		}
		report.Cassettes = append(report.Cassettes, lc)
	}
	report.Totals.Cassettes = len(report.Cassettes)
	report.Totals.Errors = len(report.Errors)

	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(e.stderr, "tapedeck ls: %v\n", err)
			return exitProblems
		}
	} else {
		for _, le := range report.Errors {
			fmt.Fprintf(e.stderr, "tapedeck ls: %s\n", le.Message)
		}
		printLsTable(e, report, j)
	}
	if len(report.Errors) > 0 {
		return exitProblems
	}
	return exitOK
}

func printLsTable(e *env, report lsReport, j judge) {
	if report.Totals.Interactions > 0 {
		tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "LOCATION\t#\tMETHOD\tURL\tSTATUS\tSIZE\tAGE\tSTATE")
		for _, c := range report.Cassettes {
			for _, in := range c.Interactions {
				var recorded time.Time
				if in.RecordedAt != nil {
					recorded = *in.RecordedAt
				}
				bodySize := size(in.BodySize)
				if in.BodyFile != "" {
					bodySize += " (file)"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t%s\t%s\t%s\n", where(c.Path, in.Line), in.Number,
					in.Method, in.URL, in.Status, bodySize, age(recorded, j.now), in.State)
			}
		}
		tw.Flush()
	}
	t := report.Totals
	fmt.Fprintf(e.stdout, "%s in %s", plural(t.Interactions, "interaction"), plural(t.Cassettes, "cassette"))
	if j.active {
		fmt.Fprintf(e.stdout, ", %d stale", t.Stale)
	} else {
		fmt.Fprint(e.stdout, " (no expiry flags: nothing expires)")
	}
	fmt.Fprintf(e.stdout, "; %s of response bodies", size(t.BodyBytes))
	if t.BodyFiles > 0 {
		fmt.Fprintf(e.stdout, ", %s in %s", size(t.FileBytes), plural(t.BodyFiles, "body file"))
	}
	if t.Errors > 0 {
		fmt.Fprintf(e.stdout, "; %s (see above)", plural(t.Errors, "error"))
	}
	fmt.Fprintln(e.stdout)
}
