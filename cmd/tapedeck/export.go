package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
)

var exportCommand = &command{
	name:    "export",
	summary: "write cassettes as HAR 1.2, for browsers' developer tools, proxies and Polly.JS",
	usage:   "export --to har [-o OUTPUT] [--force] FILE...",
	help: `
export writes each cassette FILE as a HAR 1.2 file, which browsers'
developer tools, HAR viewers, proxies and Polly.JS read. Bodies are written
decoded, as HAR wants them (text as it is, binary in base64); the headers,
including Content-Encoding, stay as recorded. startedDateTime is the
interaction's recorded_at (1970-01-01T00:00:00Z when it has none), time and
timings.wait its duration in milliseconds.

The output goes next to each input with the extension .har, or to -o: a
file for one input, a directory for several. An existing output is replaced
only with --force. tapedeck import --from har reads the file back.

Example:

	$ tapedeck export --to har -o /tmp/example.har fixtures/example.yaml
`,
	flags: func(fs *flag.FlagSet, e *env) func([]string) int {
		to := fs.String("to", "", "the output `format`: har (required)")
		out := fs.String("o", "", "the output `path`: a file for one input, a directory for several")
		force := fs.Bool("force", false, "replace an existing output file")
		return func(args []string) int {
			switch *to {
			case "har":
			case "":
				return usageError(e, "say what to write with --to har")
			default:
				return usageError(e, "--to %q: tapedeck exports har", *to)
			}
			if len(args) == 0 {
				return usageError(e, "name the cassette(s) to export")
			}
			outputs, err := outputPaths(args, *out, ".har", ".har")
			if err != nil {
				return usageError(e, "%v", err)
			}
			status := exitOK
			for i, in := range args {
				if err := exportFile(e, in, outputs[i], *force); err != nil {
					fmt.Fprintf(e.stderr, "tapedeck export: %v\n", err)
					status = exitProblems
				}
			}
			return status
		}
	},
}

func exportFile(e *env, in, out string, force bool) error {
	c, err := load(in)
	if err != nil {
		return err
	}
	if !force {
		if _, err := os.Stat(out); err == nil {
			return fmt.Errorf("%s exists: pass --force to replace it, or -o to write elsewhere", out)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: %w", out, unwrapPathError(err))
		}
	}
	h := toHAR(c)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	if err := writeAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: wrote %s from %s\n", out, plural(len(h.Log.Entries), "entry"), in)
	trailers := 0
	for _, in := range c.Interactions {
		if len(in.Response.Trailers) > 0 {
			trailers++
		}
	}
	if trailers > 0 {
		fmt.Fprintf(e.stdout, "  note: HAR has no trailers: those of %s are left out\n", plural(trailers, "interaction"))
	}
	return nil
}

// toHAR converts a cassette to a HAR log.
func toHAR(c *cassette.Cassette) *harFile {
	h := &harFile{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: "tapedeck", Version: moduleVersion()},
		Entries: []harEntry{},
	}}
	for _, in := range c.Interactions {
		h.Log.Entries = append(h.Log.Entries, harEntryOf(in))
	}
	return h
}

func harEntryOf(in *cassette.Interaction) harEntry {
	ms := float64(in.Duration) / float64(time.Millisecond)
	started := in.RecordedAt
	e := harEntry{Time: ms, Timings: harTimings{Wait: ms}}
	if started.IsZero() {
		started = time.Unix(0, 0)
		e.Comment = "recorded_at unknown"
	}
	e.StartedDateTime = started.UTC().Format(time.RFC3339Nano)

	rq := &in.Request
	e.Request = harRequest{
		Method:      rq.Method,
		URL:         rq.URL,
		HTTPVersion: "HTTP/1.1",
		Cookies:     harCookies((&http.Request{Header: rq.Headers}).Cookies()),
		Headers:     harHeaderList(rq.Headers),
		QueryString: harQuery(rq.URL),
		HeadersSize: -1,
		BodySize:    int64(len(rq.Body)),
	}
	if len(rq.Body) > 0 {
		pd := &harPostData{MimeType: rq.Headers.Get("Content-Type"), Params: []harParam{}}
		pd.Text, pd.Encoding = harTextOf(rq.Body)
		if mt, _, _ := mime.ParseMediaType(pd.MimeType); mt == "application/x-www-form-urlencoded" {
			for _, nv := range harPairs(string(rq.Body)) {
				pd.Params = append(pd.Params, harParam{Name: nv.Name, Value: nv.Value})
			}
		}
		e.Request.PostData = pd
	}

	rs := &in.Response
	statusText := strings.TrimSpace(strings.TrimPrefix(rs.Status, fmt.Sprint(rs.Code)))
	if statusText == "" {
		statusText = http.StatusText(rs.Code)
	}
	proto := rs.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	e.Response = harResponse{
		Status:      rs.Code,
		StatusText:  statusText,
		HTTPVersion: proto,
		Cookies:     harCookies((&http.Response{Header: rs.Headers}).Cookies()),
		Headers:     harHeaderList(rs.Headers),
		RedirectURL: rs.Headers.Get("Location"),
		HeadersSize: -1,
		BodySize:    int64(len(rs.Body)),
	}
	plain, encoding, err := cassette.DecodedBody(rs.Headers, rs.Body)
	content := harContent{MimeType: rs.Headers.Get("Content-Type"), Size: int64(len(plain))}
	if encoding != "" && err == nil {
		content.Compression = int64(len(plain) - len(rs.Body))
	}
	if err != nil {
		e.Response.Comment = fmt.Sprintf("body kept as sent: %v", err)
	}
	content.Text, content.Encoding = harTextOf(plain)
	e.Response.Content = content
	return e
}

// harTextOf returns b as HAR writes a body: as it is when it is text, in
// base64 otherwise.
func harTextOf(b []byte) (text, encoding string) {
	if len(b) == 0 {
		return "", ""
	}
	if isText(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), "base64"
}

// harHeaderList lists h, names sorted, one entry per value.
func harHeaderList(h http.Header) []harNameVal {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	list := []harNameVal{}
	for _, k := range keys {
		for _, v := range h[k] {
			list = append(list, harNameVal{Name: k, Value: v})
		}
	}
	return list
}

// harQuery lists the query parameters of u in the order they appear.
func harQuery(u string) []harNameVal {
	list := []harNameVal{}
	if parsed, err := url.Parse(u); err == nil {
		list = append(list, harPairs(parsed.RawQuery)...)
	}
	return list
}

// harPairs splits a query or form body into name/value pairs, in order,
// unescaped where they unescape.
func harPairs(raw string) []harNameVal {
	var list []harNameVal
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		list = append(list, harNameVal{Name: unescape(k), Value: unescape(v)})
	}
	return list
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

func harCookies(cs []*http.Cookie) []harCookie {
	list := []harCookie{}
	for _, c := range cs {
		hc := harCookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain, HTTPOnly: c.HttpOnly, Secure: c.Secure}
		if !c.Expires.IsZero() {
			hc.Expires = c.Expires.UTC().Format(time.RFC3339)
		}
		list = append(list, hc)
	}
	return list
}

// moduleVersion is the version of tapedeck this binary was built from, as
// go install records it; "(devel)" for a build from a checkout.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// writeAtomic writes data to path through a temporary file in the same
// directory and a rename, so that path holds the old content or the new,
// never a part.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
			err = fmt.Errorf("%s: %w", path, err)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
