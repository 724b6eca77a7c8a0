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
	cmd            *Command // the command running, for usage errors
}

func newEnv() *env { return &env{stdout: os.Stdout, stderr: os.Stderr} }

// A Command is one subcommand, in the shape of cmd/go's base.Command: its
// usage and help, its flags, and what it runs. Each is a package-level
// variable whose flags are registered on Flag in an init function. Run
// gets an env to write to, where cmd/go's commands use os.Stdout.
type Command struct {
	// Run runs the command with the positional arguments (the flags are
	// parsed into Flag already) and returns the exit code: exitOK,
	// exitProblems, or exitUsage through usageError.
	Run func(e *env, args []string) int

	// UsageLine is the one-line usage; its second word is the command's
	// name: "tapedeck ls [--json] [expiry flags] [PATH...]".
	UsageLine string

	// Short is the line "tapedeck help" shows for the command.
	Short string

	// Long is what "tapedeck help COMMAND" shows: what the command does,
	// its flags' meaning in context, and an example.
	Long string

	// Flag is the command's flags.
	Flag flag.FlagSet
}

// Name is the command's name, as it is typed: "ls".
func (c *Command) Name() string {
	name, _, _ := strings.Cut(strings.TrimPrefix(c.UsageLine, "tapedeck "), " ")
	return name
}

// commands lists the subcommands in the order help shows them.
func commands() []*Command {
	return []*Command{lsCommand, showCommand, checkCommand, pruneCommand, migrateCommand,
		importCommand, exportCommand, serveCommand, verifyCommand, diffCommand,
		explainCommand, redactCommand}
}

func lookup(name string) *Command {
	for _, c := range commands() {
		if c.Name() == name {
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
	c.Flag.Init("tapedeck "+c.Name(), flag.ContinueOnError)
	c.Flag.SetOutput(io.Discard)
	pos, err := parseArgs(&c.Flag, rest)
	switch {
	case errors.Is(err, flag.ErrHelp):
		commandHelp(e.stdout, c)
		return exitOK
	case err != nil:
		return usageError(e, "%v", err)
	}
	return c.Run(e, pos)
}

// usageError reports a mistake in the command line of the running command
// and returns exitUsage.
func usageError(e *env, format string, args ...any) int {
	c := e.cmd
	fmt.Fprintf(e.stderr, "tapedeck %s: %s\nusage: %s\nrun 'tapedeck help %s' for the flags and an example\n",
		c.Name(), fmt.Sprintf(format, args...), c.UsageLine, c.Name())
	return exitUsage
}

func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.Name())
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
		fmt.Fprintf(tw, "\t%s\t%s\n", c.Name(), c.Short)
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

func commandHelp(w io.Writer, c *Command) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
	if hasFlags(&c.Flag) {
		fmt.Fprint(w, "\nFlags:\n")
		c.Flag.VisitAll(func(f *flag.Flag) {
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
