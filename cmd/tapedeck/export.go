package main

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime/debug"

	"github.com/tapedeck/recorder/internal/atomicfile"
	"github.com/tapedeck/recorder/internal/har"
)

var exportCommand = &Command{
	UsageLine: "tapedeck export --to har [-o OUTPUT] [--force] [--max-body-file SIZE] FILE...",
	Short:     "write cassettes as HAR 1.2, for browsers' developer tools, proxies and Polly.JS",
	Long: `
export writes each cassette FILE as a HAR 1.2 file, which browsers'
developer tools, HAR viewers, proxies and Polly.JS read. Bodies are written
decoded, as HAR wants them (text as it is, binary in base64); the headers,
including Content-Encoding, stay as recorded. startedDateTime is the
interaction's recorded_at (1970-01-01T00:00:00Z when it has none), time and
timings.wait its duration in milliseconds.

A body kept in a body file beside the cassette (x.bodies/ next to x.yaml)
is read from it, checked, and written into the HAR file as any other: HAR
has no way to point elsewhere. Since the whole HAR file is built in
memory, a body file larger than --max-body-file (64MiB unless told) is an
error that names it.

The output goes next to each input with the extension .har, or to -o: a
file for one input, a directory for several. An existing output is replaced
only with --force. tapedeck import --from har reads the file back.

Example:

	$ tapedeck export --to har -o /tmp/example.har fixtures/example.yaml
`,
	Run: runExport,
}

// The flags of export.
var (
	exportTo    string
	exportOut   string
	exportForce bool
	exportMax   = byteSize(64 << 20)
)

func init() {
	exportCommand.Flag.StringVar(&exportTo, "to", "", "the output `format`: har (required)")
	exportCommand.Flag.StringVar(&exportOut, "o", "", "the output `path`: a file for one input, a directory for several")
	exportCommand.Flag.BoolVar(&exportForce, "force", false, "replace an existing output file")
	exportCommand.Flag.Var(&exportMax, "max-body-file", "the largest body file to write into the output, a `size` such as 64MiB or 1GiB")
}

func runExport(e *env, args []string) int {
	switch exportTo {
	case "har":
	case "":
		return usageError(e, "say what to write with --to har")
	default:
		return usageError(e, "--to %q: tapedeck exports har", exportTo)
	}
	if len(args) == 0 {
		return usageError(e, "name the cassette(s) to export")
	}
	outputs, err := outputPaths(args, exportOut, ".har", ".har")
	if err != nil {
		return usageError(e, "%v", err)
	}
	status := exitOK
	for i, in := range args {
		if err := exportFile(e, in, outputs[i], exportForce); err != nil {
			fmt.Fprintf(e.stderr, "tapedeck export: %v\n", err)
			status = exitProblems
		}
	}
	return status
}

func exportFile(e *env, in, out string, force bool) error {
	c, err := load(in)
	if err != nil {
		return err
	}
	if !force {
		if _, err := disk.Stat(out); err == nil {
			return fmt.Errorf("%s exists: pass --force to replace it, or -o to write elsewhere", out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", out, unwrapPathError(err))
		}
	}
	c, err = withBodies(in, c, int64(exportMax), "pass a larger --max-body-file to export it (the HAR file holds it, in base64 when it is binary)")
	if err != nil {
		return err
	}
	data, notes, err := har.Marshal(c, moduleVersion())
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if err := atomicfile.Write(disk, out, data, 0o644); err != nil {
		return fmt.Errorf("%s: %w", out, unwrapPathError(err))
	}
	fmt.Fprintf(e.stdout, "%s: wrote %s from %s\n", out, plural(len(c.Interactions), "entry"), in)
	for _, n := range notes {
		fmt.Fprintf(e.stdout, "  note: %s\n", n)
	}
	return nil
}

// moduleVersion is the version of tapedeck this binary was built from, as
// go install records it; "(devel)" for a build from a checkout.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
