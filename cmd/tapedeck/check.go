package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/shell"
	"github.com/tapedeck/recorder/redact"
)

var checkCommand = &Command{
	UsageLine: "tapedeck check [--format text|github] [--allow-field FIELD] [--allow-value VALUE] [expiry flags] [PATH...]",
	Short:     "report cassettes that do not parse, hold secrets or stale interactions (for CI)",
	Long: `
check reads every cassette under the paths (default ".") and prints one line
per problem, with where it is (file:line), the interaction, what is wrong
and how to fix it. The exit status is 1 when there is any problem, so CI
fails; 0 otherwise. A problem is:

  - a cassette that does not parse, or whose format version is newer than
    this tapedeck;
  - something that still looks like a credential (the scanner the recorder
    runs before every save: tokens such as GitHub, AWS, Slack, Stripe and
    Google keys, JWTs, private keys, bearer and basic credentials,
    passwords and high-entropy values under secret-looking names);
  - a body file (a large response body kept beside the cassette, in
    x.bodies/ next to x.yaml) that is missing, or whose length or SHA-256
    is not the one the cassette names; body files are scanned for
    secrets too;
  - with expiry flags, a stale interaction (or one the rules say must not
    be recorded at all).

A value the scanner reports that is not a secret can be accepted with
--allow-field (copy the field from the report, e.g. 'response.body $.token')
or --allow-value; in tests, accept it where the cassette is recorded, with
recorder.WithRedaction(redact.AllowField(...)).

--format github prints GitHub Actions workflow commands
(::error file=...,line=...::message), which annotate the pull request.

Example:

	$ tapedeck check --format github --expire-after 90d fixtures
`,
	Run: runCheck,
}

// The flags of check.
var (
	checkExpiry      expiryFlags
	checkFormat      string
	checkAllowFields stringList
	checkAllowValues stringList
)

func init() {
	checkExpiry.register(&checkCommand.Flag)
	checkCommand.Flag.StringVar(&checkFormat, "format", "text", "how to print problems: text, or github for GitHub Actions annotations")
	checkCommand.Flag.Var(&checkAllowFields, "allow-field", "accept whatever the scanner finds in this `field`, e.g. 'response.body $.token'; repeatable")
	checkCommand.Flag.Var(&checkAllowValues, "allow-value", "accept this exact `value` wherever the scanner finds it; repeatable")
}

func runCheck(e *env, args []string) int {
	if checkFormat != "text" && checkFormat != "github" {
		return usageError(e, "--format %q: use text or github", checkFormat)
	}
	j, err := checkExpiry.judge()
	if err != nil {
		return usageError(e, "%v", err)
	}
	var opts []redact.Option
	if len(checkAllowFields) > 0 {
		opts = append(opts, redact.AllowField(checkAllowFields...))
	}
	if len(checkAllowValues) > 0 {
		opts = append(opts, redact.Allow(checkAllowValues...))
	}
	scanner, err := redact.New(opts...)
	if err != nil {
		return usageError(e, "%v", err)
	}
	ck := &checker{env: e, judge: j, scanner: scanner, github: checkFormat == "github", pruneFlags: checkExpiry.commandLine()}
	return ck.run(args)
}

// A problem is one line of check's report.
type problem struct {
	path string
	line int
	// interaction names the interaction ("#2 GET https://..."), empty for
	// a problem with the whole file.
	interaction string
	what, fix   string
}

type checker struct {
	env        *env
	judge      judge
	scanner    *redact.Redactor
	github     bool
	pruneFlags string // the expiry flags, for the prune command in a fix

	problems     int
	files        int
	badFiles     int
	interactions int
}

func (ck *checker) run(paths []string) int {
	files, err := findCassettes(paths)
	if err != nil {
		ck.report(problem{what: err.Error(), fix: "name files and directories that exist"})
	}
	if len(files) == 0 && err == nil {
		where := "."
		if len(paths) > 0 {
			where = strings.Join(paths, " ")
		}
		ck.report(problem{path: where, what: "no cassettes found",
			fix: "check the path; tapedeck looks for .yaml and .yml files with an \"interactions:\" line"})
	}
	// Files are read and scanned on every core, and reported in order.
	results := make([]checked, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = ck.checkFile(files[i].path)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		ck.files++
		ck.interactions += r.interactions
		if len(r.problems) > 0 {
			ck.badFiles++
		}
		for _, p := range r.problems {
			ck.report(p)
		}
	}
	if ck.problems > 0 {
		fmt.Fprintf(ck.env.stderr, "tapedeck check: %s in %d of %s (%s read)\n",
			plural(ck.problems, "problem"), ck.badFiles, plural(ck.files, "cassette"), plural(ck.interactions, "interaction"))
		return exitProblems
	}
	fmt.Fprintf(ck.env.stderr, "tapedeck check: %s, %s: no problems\n",
		plural(ck.files, "cassette"), plural(ck.interactions, "interaction"))
	return exitOK
}

// checked is what checkFile found in one cassette.
type checked struct {
	problems     []problem
	interactions int
}

// checkFile reads and checks one cassette. It changes nothing in ck, so
// that files can be checked at once.
func (ck *checker) checkFile(path string) checked {
	var r checked
	c, err := load(path)
	if err != nil {
		// The error reads "path:line: what: fix" already.
		msg := strings.TrimPrefix(err.Error(), where(path, errorLine(err))+": ")
		r.problems = append(r.problems, problem{path: path, line: errorLine(err), what: msg})
		return r
	}
	r.interactions = len(c.Interactions)
	for i, in := range c.Interactions {
		if in == nil {
			continue
		}
		var findings []redact.Finding
		if in.Response.BodyFile == "" {
			findings = ck.scanner.ScanInteraction(i, in)
		} else {
			var p *problem
			findings, p = ck.scanBodyFile(path, i, in)
			if p != nil {
				r.problems = append(r.problems, *p)
			}
		}
		for _, f := range findings {
			r.problems = append(r.problems, problem{
				path:        path,
				line:        f.Line,
				interaction: label(i, in),
				what:        secretWhat(f),
				fix:         secretFix(f),
			})
		}
	}
	if !ck.judge.active {
		return r
	}
	for i, in := range c.Interactions {
		v := ck.judge.verdict(in)
		if !v.Stale {
			continue
		}
		r.problems = append(r.problems, problem{
			path:        path,
			line:        in.Line,
			interaction: label(i, in),
			what:        why(in, v),
			fix:         staleFix(c, path, ck.pruneFlags, !in.RecordedAt.IsZero() || v.Expire == expiry.DoNotRecord),
		})
	}
	return r
}

// scanBodyFile scans interaction i of the cassette at path, whose
// response body is in a body file, reading the file to its end, so that a
// file that is missing, or whose length or SHA-256 is not what the
// cassette names, is a problem.
func (ck *checker) scanBodyFile(path string, i int, in *cassette.Interaction) ([]redact.Finding, *problem) {
	findings, err := scanInteraction(ck.scanner, path, i, in)
	switch {
	case err == nil:
		return findings, nil
	case errors.Is(err, fs.ErrNotExist):
		return findings, &problem{path: path, line: in.Line, interaction: label(i, in),
			what: "its body file " + cassette.BodyPath(path, &in.Response) + " is missing",
			fix: "restore it from version control (commit the .bodies directory with the cassette), " +
				"or re-record the cassette with go test -update"}
	}
	// The error reads "path: the body file ...: fix" already.
	return findings, &problem{path: path, line: in.Line, interaction: label(i, in), what: strings.TrimPrefix(err.Error(), path+": ")}
}

// secretWhat describes a finding: field, kind and the excerpt that may be
// shown.
func secretWhat(f redact.Finding) string {
	if f.Kind == redact.KindNotInspected {
		return fmt.Sprintf("%s: %s (%s)", f.Field, f.Kind, f.Excerpt)
	}
	return fmt.Sprintf("%s: %s %q", f.Field, f.Kind, f.Excerpt)
}

// secretFix says how to get rid of a finding in a committed cassette.
func secretFix(f redact.Finding) string {
	allow := fmt.Sprintf("if it is not a secret, pass --allow-field %s", shell.Quote(f.Field))
	if f.Fix == "" {
		return allow
	}
	return fmt.Sprintf("redact it where the cassette is recorded, with recorder.WithRedaction(%s), and re-record it "+
		"(revoke the credential if it was ever committed); %s", f.Fix, allow)
}

// staleFix says how to refresh a stale interaction: the cassette's own
// refresh command when its comment names one, and how to prune it when
// prune would (it keeps interactions of unknown age).
func staleFix(c *cassette.Cassette, path, pruneFlags string, prunable bool) string {
	refresh := "re-record it by running the test that uses this cassette with go test -update"
	if _, cmd, ok := strings.Cut(c.Comment, "refresh with: "); ok {
		cmd, _, _ = strings.Cut(cmd, "\n")
		refresh = "re-record it with: " + strings.TrimSpace(cmd)
	}
	if !prunable {
		return refresh
	}
	return fmt.Sprintf("%s; or remove it with: tapedeck prune%s %s", refresh, pruneFlags, shell.Quote(path))
}

// report prints one problem in the chosen format.
func (ck *checker) report(p problem) {
	ck.problems++
	msg := p.what
	if p.interaction != "" {
		msg = "interaction " + p.interaction + ": " + msg
	}
	if p.fix != "" {
		msg += ": " + p.fix
	}
	if ck.github {
		writeAnnotation(ck.env.stdout, p.path, p.line, msg)
		return
	}
	if p.path != "" {
		fmt.Fprintf(ck.env.stdout, "%s: %s\n", where(p.path, p.line), msg)
	} else {
		fmt.Fprintln(ck.env.stdout, msg)
	}
}

// writeAnnotation prints a GitHub Actions error annotation, escaped as the
// workflow command syntax requires.
func writeAnnotation(w io.Writer, path string, line int, msg string) {
	var props []string
	if path != "" {
		props = append(props, "file="+escapeProperty(path))
		if line > 0 {
			props = append(props, fmt.Sprintf("line=%d", line))
		}
	}
	props = append(props, "title="+escapeProperty("tapedeck check"))
	fmt.Fprintf(w, "::error %s::%s\n", strings.Join(props, ","), escapeData(msg))
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
