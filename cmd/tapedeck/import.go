package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/internal/convert"
	"github.com/tapedeck/recorder/internal/govcr"
	"github.com/tapedeck/recorder/internal/har"
	"github.com/tapedeck/recorder/redact"
)

var importCommand = &Command{
	UsageLine: "tapedeck import --from go-vcr|har [-o OUTPUT] [--force] [--body-files-over SIZE] [redaction flags] FILE...",
	Short:     "convert go-vcr cassettes or HAR files into tapedeck cassettes",
	Long: `
import converts each FILE into a tapedeck cassette, redacted and scanned for
secrets exactly like a recording: the default redaction (Authorization,
Cookie and API-key headers, Set-Cookie, token-like query parameters and
JSON fields) plus the --redact flags, then the secret scanner. When the
scanner still finds something, import prints each finding with the flag
that fixes it and writes nothing.

--from go-vcr reads go-vcr cassettes in its format version 1 (as go-vcr
v1 and v2 write it) and version 2 (go-vcr v3 and v4). Every interaction keeps its method, URL, request headers and body,
status, response headers, trailers, body and duration. go-vcr keeps no
recording time, so recorded_at comes from the response's Date header when
there is one. Fields tapedeck derives or does not replay are left out (the
proto numbers, content_length, transfer_encoding, form, which repeats the
URL and body, and the server-side host, remote_addr and request_uri), and
import says so when they held something the cassette loses.

--from har reads HAR 1.2 (or 1.1) files, as browsers' developer tools,
proxies and Polly.JS write them. HAR stores bodies decoded, so a response's
Content-Encoding header is dropped (and its Content-Length corrected): the
cassette replays the decoded body, as the browser saw it. Entries without a
response (status 0) are skipped.

A response body larger than --body-files-over (1MiB unless told; 0 keeps
every body in the cassette) is written beside the cassette, as a recorder
writes it: in a body file named by its SHA-256, in x.bodies/ next to
x.yaml, which the cassette names. Commit that directory with the cassette.

The output goes next to each input with the extension .yaml (x.har becomes
x.yaml; a go-vcr x.yaml becomes x.tapedeck.yaml, so nothing is
overwritten), or to -o: a file for one input, a directory for several. An
existing output is replaced only with --force.

Example:

	$ tapedeck import --from go-vcr -o fixtures/github.yaml testdata/github.yaml
	$ tapedeck import --from har --redact-json '$.session' session.har
`,
	Run: runImport,
}

// The flags of import.
var (
	importFrom      string
	importOut       string
	importForce     bool
	importRedaction redactFlags
	importBodyOver  = byteSize(1 << 20)
)

func init() {
	importCommand.Flag.StringVar(&importFrom, "from", "", "the input `format`: go-vcr or har (required)")
	importCommand.Flag.StringVar(&importOut, "o", "", "the output `path`: a file for one input, a directory for several")
	importCommand.Flag.BoolVar(&importForce, "force", false, "replace an existing output file")
	importCommand.Flag.Var(&importBodyOver, "body-files-over", "write response bodies larger than this `size` (such as 1MiB; 0 for never) to body files beside the cassette")
	importRedaction.register(&importCommand.Flag)
}

func runImport(e *env, args []string) int {
	var read func(path string, data []byte) (*convert.Result, error)
	switch importFrom {
	case "go-vcr", "govcr":
		read = govcr.Read
	case "har":
		read = har.Read
	case "":
		return usageError(e, "say what the input is with --from go-vcr or --from har")
	default:
		return usageError(e, "--from %q: use go-vcr or har", importFrom)
	}
	if len(args) == 0 {
		return usageError(e, "name the file(s) to import")
	}
	r, err := importRedaction.redactor()
	if err != nil {
		return usageError(e, "%v", err)
	}
	outputs, err := outputPaths(args, importOut, ".yaml", ".tapedeck.yaml")
	if err != nil {
		return usageError(e, "%v", err)
	}
	status := exitOK
	for i, in := range args {
		if err := importFile(e, in, outputs[i], importFrom, read, r, importForce); err != nil {
			fmt.Fprintf(e.stderr, "tapedeck import: %v\n", err)
			status = exitProblems
		}
	}
	return status
}

func importFile(e *env, in, out, from string, read func(string, []byte) (*convert.Result, error), r *redact.Redactor, force bool) error {
	data, err := afero.ReadFile(disk, in)
	if err != nil {
		return fmt.Errorf("%s: %w", in, unwrapPathError(err))
	}
	conv, err := read(in, data)
	if err != nil {
		return err
	}
	c := &cassette.Cassette{
		Version: cassette.Version,
		Comment: fmt.Sprintf("tapedeck cassette; imported from %s (%s) with tapedeck import", filepath.ToSlash(in), from),
		// Replay redacts live requests with the same rules, so they match.
		Redact: mergeRules(nil, importRedaction.rules()),
	}
	var redacted []string
	for i, orig := range conv.Interactions {
		clean := r.Interaction(orig)
		if parts := redactedParts(orig, clean); len(parts) > 0 {
			redacted = append(redacted, fmt.Sprintf("%s (%s)", label(i, clean), strings.Join(parts, ", ")))
		}
		c.Interactions = append(c.Interactions, clean)
	}
	if findings := r.Scan(c); len(findings) > 0 {
		for _, f := range findings {
			fmt.Fprintf(e.stdout, "%s: interaction %s: %s: %s\n", conv.Sources[f.Interaction],
				label(f.Interaction, c.Interactions[f.Interaction]), secretWhat(f), findingFix(f))
		}
		looks := "1 value that looks"
		if len(findings) > 1 {
			looks = fmt.Sprintf("%d values that look", len(findings))
		}
		return fmt.Errorf("%s: after redaction, the secret scanner still finds %s like a credential, so %s was not written (see above)",
			in, looks, out)
	}
	if !force {
		if _, err := disk.Stat(out); err == nil {
			return fmt.Errorf("%s exists: pass --force to replace it, or -o to write elsewhere", out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", out, unwrapPathError(err))
		}
	}
	files, err := writeBodyFiles(out, c, int64(importBodyOver))
	var gone []string
	if err == nil {
		gone, err = saveNoting(out, c)
	}
	if err != nil {
		if len(files) > 0 {
			removeNewBodyFiles(out)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "%s: wrote %s from %s\n", out, plural(len(c.Interactions), "interaction"), in)
	if len(files) > 0 {
		fmt.Fprintf(e.stdout, "  body files: %s over %s, in %s\n", strings.Join(files, ", "), importBodyOver.String(), cassette.BodyDir(out))
	}
	for _, p := range gone {
		fmt.Fprintf(e.stdout, "  removed body file %s: no interaction names it\n", p)
	}
	if len(redacted) > 0 {
		fmt.Fprintf(e.stdout, "  redacted: %s\n", strings.Join(redacted, "; "))
	}
	for _, n := range conv.Notes {
		fmt.Fprintf(e.stdout, "  note: %s\n", n)
	}
	return nil
}

// writeBodyFiles moves each response body of c larger than over bytes
// (none when over is 0) into a body file of the cassette at path, and
// returns the interactions it moved, as "#3". A body stored as events or
// with chunks stays in the cassette, which keeps their times.
func writeBodyFiles(path string, c *cassette.Cassette, over int64) ([]string, error) {
	var moved []string
	if over <= 0 {
		return nil, nil
	}
	for i, in := range c.Interactions {
		rs := &in.Response
		if int64(len(rs.Body)) <= over || rs.EventTimes != nil || rs.Chunks != nil {
			continue
		}
		w, err := cassette.CreateBody(disk, path)
		if err != nil {
			return moved, err
		}
		if _, err := w.Write(rs.Body); err != nil {
			w.Abort()
			return moved, fmt.Errorf("%s: interaction %s: %w", path, label(i, in), err)
		}
		name, n, err := w.Commit()
		if err != nil {
			return moved, fmt.Errorf("%s: interaction %s: %w", path, label(i, in), err)
		}
		rs.BodyFile, rs.BodySize, rs.Body = name, n, nil
		moved = append(moved, fmt.Sprintf("#%d", i+1))
	}
	return moved, nil
}

// removeNewBodyFiles removes, after a failed import into path, the body
// files the cassette there (if any, as it was before) does not name.
func removeNewBodyFiles(path string) {
	old, err := cassette.Load(disk, path)
	if errors.Is(err, fs.ErrNotExist) {
		old, err = &cassette.Cassette{}, nil
	}
	if err == nil {
		cassette.PruneBodies(disk, path, old)
	}
}

// redactedParts names what redaction changed in an interaction: header
// names, "url", "request body", "response body".
func redactedParts(before, after *cassette.Interaction) []string {
	var parts []string
	if before.Request.URL != after.Request.URL {
		parts = append(parts, "url")
	}
	parts = append(parts, changedHeaders("request header ", before.Request.Headers, after.Request.Headers)...)
	if string(before.Request.Body) != string(after.Request.Body) {
		parts = append(parts, "request body")
	}
	parts = append(parts, changedHeaders("response header ", before.Response.Headers, after.Response.Headers)...)
	parts = append(parts, changedHeaders("response trailer ", before.Response.Trailers, after.Response.Trailers)...)
	if string(before.Response.Body) != string(after.Response.Body) {
		parts = append(parts, "response body")
	}
	return parts
}

func changedHeaders(prefix string, before, after http.Header) []string {
	var names []string
	for k, v := range before {
		if !slices.Equal(v, after[k]) {
			names = append(names, prefix+k)
		}
	}
	slices.Sort(names)
	return names
}

// outputPaths returns where each input goes: to out (a file for one input,
// a directory for several), or next to the input with the extension ext,
// or alt when that would be the input itself.
func outputPaths(inputs []string, out, ext, alt string) ([]string, error) {
	dir := ""
	if out != "" {
		fi, err := disk.Stat(out)
		isDir := err == nil && fi.IsDir() || strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator))
		switch {
		case isDir:
			dir = out
		case len(inputs) > 1:
			return nil, fmt.Errorf("-o %s: with %d inputs, -o must be a directory", out, len(inputs))
		default:
			return []string{out}, nil
		}
	}
	paths := make([]string, len(inputs))
	for i, in := range inputs {
		base := strings.TrimSuffix(in, filepath.Ext(in))
		p := base + ext
		if p == in {
			p = base + alt
		}
		if dir != "" {
			p = filepath.Join(dir, filepath.Base(p))
		}
		paths[i] = p
	}
	return paths, nil
}
