package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

var showCommand = &Command{
	UsageLine: "tapedeck show [--hex-bytes N] FILE [N]",
	Short:     "print an interaction (or all) with headers and pretty-printed bodies",
	Long: `
show prints interaction N of the cassette FILE (numbers start at 1, as
tapedeck ls shows them), or every interaction when N is left out: when it
was recorded, the request and the response with their headers, and their
bodies. JSON bodies are indented, text is printed as it is, compressed
bodies (gzip, deflate, br) are shown decoded, and other binary bodies as a
hex dump of their first bytes. A body kept in a body file beside the
cassette (x.bodies/ next to x.yaml) is named with its size, and shown as
the others when it is up to 8 MiB; the file is checked as it is read.

Example:

	$ tapedeck show fixtures/example.yaml 1
`,
	Run: runShow,
}

// The flags of show.
var (
	showHexBytes int
)

func init() {
	showCommand.Flag.IntVar(&showHexBytes, "hex-bytes", 256, "how many bytes of a binary body to dump")
}

func runShow(e *env, args []string) int {
	if len(args) < 1 || len(args) > 2 {
		return usageError(e, "want a cassette file and optionally an interaction number, got %d arguments", len(args))
	}
	c, err := load(args[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck show: %v\n", err)
		return exitProblems
	}
	first, last := 0, len(c.Interactions)
	if len(args) == 2 {
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 || n > len(c.Interactions) {
			return usageError(e, "%s has %s: the number must be 1 to %d, not %q",
				args[0], plural(len(c.Interactions), "interaction"), len(c.Interactions), args[1])
		}
		first, last = n-1, n
	}
	if len(c.Interactions) == 0 {
		fmt.Fprintf(e.stdout, "%s has no interactions\n", args[0])
	}
	status := exitOK
	for i := first; i < last; i++ {
		if i > first {
			fmt.Fprintln(e.stdout)
		}
		if err := show(e.stdout, args[0], c, i, showHexBytes); err != nil {
			fmt.Fprintf(e.stderr, "tapedeck show: %v\n", err)
			status = exitProblems
		}
	}
	return status
}

// show prints interaction i of c, the cassette at path. The error is a
// body file that could not be read (what show printed says so too).
func show(w io.Writer, path string, c *cassette.Cassette, i int, hexBytes int) error {
	in := c.Interactions[i]
	fmt.Fprintf(w, "%s: interaction #%d of %d\n", where(path, in.Line), i+1, len(c.Interactions))
	switch {
	case in.RecordedAt.IsZero():
		fmt.Fprint(w, "recorded at an unknown time")
	default:
		fmt.Fprintf(w, "recorded %s", in.RecordedAt.UTC().Format(time.RFC3339))
	}
	if in.Duration > 0 {
		fmt.Fprintf(w, ", took %s", in.Duration)
	}
	fmt.Fprint(w, "\n\n")

	rq := &in.Request
	fmt.Fprintf(w, "%s %s\n", rq.Method, rq.URL)
	printHeader(w, "", rq.Headers)
	printBody(w, rq.Headers, rq.Body, hexBytes)

	rs := &in.Response
	fmt.Fprintln(w)
	proto := rs.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	status := rs.Status
	if status == "" {
		status = fmt.Sprintf("%d %s", rs.Code, http.StatusText(rs.Code))
	}
	fmt.Fprintf(w, "%s %s\n", proto, status)
	printHeader(w, "", rs.Headers)
	var err error
	if rs.BodyFile != "" {
		err = printBodyFile(w, path, rs, hexBytes)
		if err != nil {
			err = fmt.Errorf("%s: interaction %s: %w", where(path, in.Line), label(i, in), err)
		}
	} else {
		printBody(w, rs.Headers, rs.Body, hexBytes)
	}
	if len(rs.Trailers) > 0 {
		fmt.Fprintln(w)
		printHeader(w, "trailer ", rs.Trailers)
	}
	return err
}

// showBodyFileLimit is the largest body file show reads, to print it as
// it prints a body in the cassette; a larger one is only named.
const showBodyFileLimit = 8 << 20

// printBodyFile prints the body of rs, a response of the cassette at path
// that is in a body file, after a blank line: the file's size and name,
// then the body as printBody prints one when it is small enough.
func printBodyFile(w io.Writer, path string, rs *cassette.Response, hexBytes int) error {
	fmt.Fprintf(w, "\n(body: %s in %s)\n", size(int(rs.BodySize)), bodyFileName(path, rs))
	if rs.BodySize > showBodyFileLimit {
		fmt.Fprintf(w, "(not shown: larger than the %s show reads; the file is %s)\n",
			size(showBodyFileLimit), cassette.BodyPath(path, rs))
		return nil
	}
	body, err := readBody(path, rs, showBodyFileLimit, "")
	if err != nil {
		fmt.Fprintln(w, "(cannot be shown: see the error)")
		return err
	}
	printBodyText(w, rs.Headers, body, hexBytes)
	return nil
}

// printHeader prints h one "Name: value" line per value, names sorted.
func printHeader(w io.Writer, prefix string, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(w, "%s%s: %s\n", prefix, k, v)
		}
	}
}

// printBody prints a body for a person, after a blank line: decoded when
// compressed, JSON indented, text as it is, binary as a hex dump of its
// first hexBytes bytes.
func printBody(w io.Writer, h http.Header, wire []byte, hexBytes int) {
	if len(wire) == 0 {
		return
	}
	fmt.Fprintln(w)
	printBodyText(w, h, wire, hexBytes)
}

// printBodyText prints a body as printBody does, without the blank line.
func printBodyText(w io.Writer, h http.Header, wire []byte, hexBytes int) {
	if len(wire) == 0 {
		return
	}
	plain, encoding, err := cassette.DecodedBody(h, wire)
	switch {
	case err != nil:
		fmt.Fprintf(w, "(%v; shown as sent)\n", err)
	case encoding != "":
		fmt.Fprintf(w, "(%s-encoded: %s on the wire, %s decoded; shown decoded)\n", encoding, size(len(wire)), size(len(plain)))
	}
	var indented bytes.Buffer
	switch {
	case json.Valid(plain) && json.Indent(&indented, plain, "", "  ") == nil:
		indented.WriteByte('\n')
		w.Write(indented.Bytes())
	case cassette.IsText(plain):
		w.Write(plain)
		if plain[len(plain)-1] != '\n' {
			fmt.Fprintln(w)
		}
	default:
		n := min(len(plain), max(hexBytes, 0))
		fmt.Fprintf(w, "(binary, %s", plural(len(plain), "byte"))
		if n < len(plain) {
			fmt.Fprintf(w, "; the first %d", n)
		}
		fmt.Fprintln(w, ")")
		io.WriteString(w, hex.Dump(plain[:n]))
		if n < len(plain) {
			fmt.Fprintf(w, "… (%d more bytes not shown)\n", len(plain)-n)
		}
	}
}
