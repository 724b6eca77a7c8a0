package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// Exit codes, as the command documentation states them.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// env is what a command writes to.
type env struct {
	stdout, stderr io.Writer
	cmd            *command // the command running, for usage errors
}

func newEnv() *env { return &env{stdout: os.Stdout, stderr: os.Stderr} }

// A command is one subcommand: its name, its help text and what it runs.
type command struct {
	name    string
	summary string // one line for "tapedeck help"
	usage   string // the synopsis, after "tapedeck "
	help    string // what it does, its flags' meaning in context, an example
	// flags registers the command's flags on fs and returns the function
	// that runs the command with the positional arguments.
	flags func(fs *flag.FlagSet, e *env) func(args []string) int
}

// commands lists the subcommands in the order help shows them.
func commands() []*command {
	return []*command{lsCommand, showCommand, checkCommand, pruneCommand, migrateCommand,
		importCommand, exportCommand, serveCommand}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run runs the command line args (without the program name) and returns
// the exit code.
func run(args []string, e *env) int {
	if len(args) == 0 {
		mainHelp(e.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			mainHelp(e.stdout)
			return exitOK
		}
		c := lookup(rest[0])
		if c == nil {
			fmt.Fprintf(e.stderr, "tapedeck help: unknown command %q; the commands are %s\n", rest[0], commandNames())
			return exitUsage
		}
		commandHelp(e.stdout, c)
		return exitOK
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "tapedeck: unknown command %q; the commands are %s (run tapedeck help)\n", name, commandNames())
		return exitUsage
	}
	e.cmd = c
	fs := flag.NewFlagSet("tapedeck "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.flags(fs, e)
	pos, err := parseArgs(fs, rest)
	switch {
	case errors.Is(err, flag.ErrHelp):
		commandHelp(e.stdout, c)
		return exitOK
	case err != nil:
		return usageError(e, "%v", err)
	}
	return runFn(pos)
}

// usageError reports a mistake in the command line of the running command
// and returns exitUsage.
func usageError(e *env, format string, args ...any) int {
	c := e.cmd
	fmt.Fprintf(e.stderr, "tapedeck %s: %s\nusage: tapedeck %s\nrun 'tapedeck help %s' for the flags and an example\n",
		c.name, fmt.Sprintf(format, args...), c.usage, c.name)
	return exitUsage
}

func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func mainHelp(w io.Writer) {
	fmt.Fprint(w, `tapedeck works with tapedeck cassettes outside of tests.

Usage:

	tapedeck COMMAND [flags] [arguments]

Commands:

`)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "\t%s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, `
Run 'tapedeck help COMMAND' (or tapedeck COMMAND --help) for its flags and an example.
Flags take one dash or two and may come before or after the arguments.

Exit status: 0 when all went well; 1 when problems were found or an operation
failed (a cassette that does not parse, a secret, a stale interaction under
check, a file that cannot be written); 2 for a usage error.
`)
}

func commandHelp(w io.Writer, c *command) {
	fmt.Fprintf(w, "usage: tapedeck %s\n\n%s\n", c.usage, strings.TrimSpace(c.help))
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	c.flags(fs, &env{stdout: io.Discard, stderr: io.Discard})
	if hasFlags(fs) {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			line := "  --" + f.Name
			if len(f.Name) == 1 {
				line = "  -" + f.Name
			}
			if name != "" {
				line += " " + name
			}
			fmt.Fprintf(w, "%s\n    \t%s", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
	}
	fmt.Fprint(w, "\nExit status: 0 ok, 1 problems found or an operation failed, 2 usage error.\n")
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseArgs parses flags that may come before, between or after the
// positional arguments, and returns the positional arguments. After "--"
// everything is positional.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// stringList is a flag that may be repeated; each use adds a value.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ", ") }

func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}
