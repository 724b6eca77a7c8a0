package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/afero"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/cassette"
)

var explainCommand = &Command{
	UsageLine: "tapedeck explain [-X METHOD] [-H 'NAME: VALUE']... [--body FILE|-] CASSETTE URL",
	Short:     "say which interaction of a cassette answers a request, and why each other one does not",
	Long: `
explain matches a request against the cassette as the recorder does in
replay (the default matcher: method, URL and body, JSON bodies compared
semantically; the default redaction, and the rules written into the
cassette by tapedeck redact) and prints which interaction answers it, then
every other one, most alike first, with the matchers it fails and the
values that differ.

The request is given as curl takes one: -X for the method (GET unless
there is a body, then POST), -H for each header, and --body for the body,
read from a file, or from the standard input with --body -.

The exit status is 0 when an interaction matches, 1 when none does.

Example:

	$ tapedeck explain fixtures/example.yaml http://api.example.test/repos/3
	request: GET http://api.example.test/repos/3
	no interaction matches; the closest first:
	#1 (line 3) GET http://api.example.test/repos/1: does not match: url differs
	    url path: recorded "/repos/1", request "/repos/3"
	...
	$ echo '{"name":"new-repo","private":false}' | tapedeck explain -H 'Content-Type: application/json' --body - fixtures/example.yaml http://api.example.test/repos
`,
	Run: runExplain,
}

// The flags of explain.
var (
	explainMethod  string
	explainHeaders stringList
	explainBody    string
)

func init() {
	f := &explainCommand.Flag
	f.StringVar(&explainMethod, "X", "", "the request `method` (default GET, or POST with a body)")
	f.Var(&explainHeaders, "H", "a request header, `'NAME: VALUE'`; repeatable")
	f.StringVar(&explainBody, "body", "", "read the request body from this `file`, or from the standard input for -")
}

func runExplain(e *env, args []string) int {
	if len(args) != 2 {
		return usageError(e, "want a cassette and a URL, got %d arguments", len(args))
	}
	path, rawURL := args[0], args[1]
	if u, err := url.Parse(rawURL); err != nil || u.Scheme == "" || u.Host == "" {
		return usageError(e, "%q is not an absolute URL such as https://api.example.com/users/1", rawURL)
	}
	req := &cassette.Request{Method: strings.ToUpper(explainMethod), URL: rawURL}
	for _, h := range explainHeaders {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return usageError(e, "-H %q: want 'NAME: VALUE'", h)
		}
		if req.Headers == nil {
			req.Headers = http.Header{}
		}
		req.Headers.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	switch explainBody {
	case "":
	case "-":
		b, err := io.ReadAll(os.Stdin)
		if err != nil {
			fmt.Fprintf(e.stderr, "tapedeck explain: reading the body from the standard input: %v\n", err)
			return exitProblems
		}
		req.Body = b
	default:
		b, err := afero.ReadFile(disk, explainBody)
		if err != nil {
			fmt.Fprintf(e.stderr, "tapedeck explain: --body %s: %v\n", explainBody, unwrapPathError(err))
			return exitProblems
		}
		req.Body = b
	}
	if len(req.Body) == 0 {
		req.Body = nil
	}
	if req.Method == "" {
		req.Method = "GET"
		if req.Body != nil {
			req.Method = "POST"
		}
	}
	c, err := load(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck explain: %v\n", err)
		return exitProblems
	}
	opts, err := cassetteOptions(c)
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck explain: %s: %v\n", path, err)
		return exitProblems
	}
	x, err := recorder.Explain(c, req, opts...)
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck explain: %s: %v\n", path, err)
		return exitProblems
	}
	fmt.Fprint(e.stdout, x)
	if x.Match < 0 {
		return exitProblems
	}
	return exitOK
}
