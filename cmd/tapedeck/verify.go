package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/drift"
	"github.com/tapedeck/recorder/internal/shell"
	"github.com/tapedeck/recorder/redact"
)

var verifyCommand = &Command{
	UsageLine: "tapedeck verify [--upstream URL] [--secret PLACEHOLDER=ENV]... [--values] [--all-methods] [--markdown] PATH...",
	Short:     "send recorded requests to the live API and report how its answers drifted; exit 1 on drift",
	Long: `
verify sends each recorded request of the cassettes under the paths to the
live API and compares the answer with the recording by meaning: a status
that changed, a header added or removed, and in JSON bodies each field
added, removed or whose type changed, by JSON path ($.items[*].id stands
for every element of an array). With --values, changed values count too
(of headers, of JSON fields, and of bodies that are not JSON); without it
they do not, since most values of a live API change from call to call.
Headers that change with every response (Date, Content-Length, request
ids) are never compared, nor values the recording holds redacted.

A recorded body kept in a body file beside the cassette is read from it
(and checked) when it is up to 64 MiB, and compared as any other. A larger
one is compared by SHA-256 and length with the live body, which is then
hashed as it arrives rather than held: with --values a different one is a
change, and without it the body is not compared.

verify never changes a cassette: to take the new answers, re-record with
go test -update. The exit status is 1 when anything drifted or a request
failed, 0 otherwise.

--upstream sends the requests to another base URL (a staging server, a
local one) instead of the recorded host: its scheme and host replace the
recorded ones and its path goes in front of the recorded path.

A request that holds a redacted value (REDACTED, or a placeholder such as
<API_KEY>) is sent only when --secret says where the value is:
--secret 'REDACTED=GITHUB_TOKEN' puts the value of the environment
variable GITHUB_TOKEN wherever the request holds REDACTED, as
redact.Secret does in tests. Otherwise the interaction is skipped, with
the reason. Requests whose method is not safe (POST, PUT, PATCH, DELETE)
are skipped too unless --all-methods says to send them: they may change
the live data.

--markdown prints the report as markdown, for a pull request comment.

Example:

	$ tapedeck verify --secret 'REDACTED=GITHUB_TOKEN' fixtures/github.yaml
	fixtures/github.yaml: interaction #1 GET https://api.github.com/repos/o/r: 2 changes
	    response body $.license: type changed (object of 5 → null)
	    response body $.topics: added (array of 3)
	tapedeck verify: 1 of 4 interactions drifted in 1 cassette
`,
	Run: runVerify,
}

// The flags of verify.
var (
	verifyUpstream   string
	verifySecrets    stringList
	verifyValues     bool
	verifyAllMethods bool
	verifyMarkdown   bool
	verifyTimeout    time.Duration
)

func init() {
	f := &verifyCommand.Flag
	f.StringVar(&verifyUpstream, "upstream", "", "send the requests to this base `URL` instead of the recorded host")
	f.Var(&verifySecrets, "secret", "`PLACEHOLDER=ENV`: send the value of the environment variable ENV wherever a request holds PLACEHOLDER, e.g. 'REDACTED=API_TOKEN'; repeatable")
	f.BoolVar(&verifyValues, "values", false, "report changed values too, not only the shape (status, headers, fields and their types)")
	f.BoolVar(&verifyAllMethods, "all-methods", false, "also send POST, PUT, PATCH and DELETE requests, which may change the live data")
	f.BoolVar(&verifyMarkdown, "markdown", false, "print the report as markdown, for a pull request")
	f.DurationVar(&verifyTimeout, "timeout", 30*time.Second, "how long one request may take")
}

// A secretRule puts the value of an environment variable where a request
// holds a placeholder.
type secretRule struct {
	placeholder, env string
}

func parseSecrets(list []string) ([]secretRule, error) {
	var rules []secretRule
	for _, s := range list {
		p, env, ok := strings.Cut(s, "=")
		if !ok || p == "" || env == "" {
			return nil, fmt.Errorf("--secret %q: want PLACEHOLDER=ENV, e.g. 'REDACTED=API_TOKEN'", s)
		}
		rules = append(rules, secretRule{placeholder: p, env: env})
	}
	return rules, nil
}

func runVerify(e *env, args []string) int {
	if len(args) == 0 {
		return usageError(e, "name the cassette(s) to verify")
	}
	rules, err := parseSecrets(verifySecrets)
	if err != nil {
		return usageError(e, "%v", err)
	}
	var upstream *url.URL
	if verifyUpstream != "" {
		upstream, err = url.Parse(verifyUpstream)
		if err != nil || upstream.Scheme == "" || upstream.Host == "" {
			return usageError(e, "--upstream %q: want a base URL such as http://127.0.0.1:8080", verifyUpstream)
		}
	}
	files, err := findCassettes(args)
	status := exitOK
	if err != nil {
		fmt.Fprintf(e.stderr, "tapedeck verify: %v\n", err)
		status = exitProblems
	}
	opts := []drift.Option{}
	if verifyValues {
		opts = append(opts, drift.Values())
	}
	client := &http.Client{
		Timeout: verifyTimeout,
		// A redirect is an answer to compare, not to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	total, drifted, skipped, failed, cassettes := 0, 0, 0, 0, 0
	for _, f := range files {
		c, err := load(f.path)
		if err != nil {
			fmt.Fprintf(e.stderr, "tapedeck verify: %v\n", err)
			status = exitProblems
			continue
		}
		cassettes++
		var items []driftItem
		for i, in := range c.Interactions {
			total++
			it := driftItem{label: label(i, in)}
			req, reason := liveRequest(in, upstream, rules)
			switch {
			case reason != "":
				it.skipped = reason
				skipped++
			default:
				changes, problem, err := verifyOne(client, req, f.path, in, opts)
				switch {
				case problem != "":
					it.skipped = problem
					failed++
				case err != nil:
					it.skipped = fmt.Sprintf("the request failed: %v", err)
					failed++
				default:
					it.changes = changes
					if len(changes) > 0 {
						drifted++
					}
				}
			}
			items = append(items, it)
		}
		if verifyMarkdown {
			writeDriftMarkdown(e.stdout, "Drift in `"+f.path+"`", items)
		} else {
			writeDriftText(e.stdout, where(f.path, 0), items)
		}
	}
	summary := fmt.Sprintf("%d of %s drifted in %s", drifted, plural(total, "interaction"), plural(cassettes, "cassette"))
	if skipped > 0 {
		summary += fmt.Sprintf("; %d skipped (see above)", skipped)
	}
	if failed > 0 {
		summary += fmt.Sprintf("; %s failed", plural(failed, "request"))
	}
	if verifyMarkdown {
		fmt.Fprintf(e.stdout, "Summary: %s.\n", summary)
	}
	fmt.Fprintf(e.stderr, "tapedeck verify: %s\n", summary)
	if drifted > 0 || failed > 0 {
		status = exitProblems
	}
	return status
}

// safeMethods are sent without --all-methods.
var safeMethods = []string{"GET", "HEAD", "OPTIONS"}

// liveRequest builds the request to send for a recorded interaction, or
// says why it is not sent.
func liveRequest(in *cassette.Interaction, upstream *url.URL, rules []secretRule) (*http.Request, string) {
	rq := in.Request
	if !verifyAllMethods && !slices.Contains(safeMethods, rq.Method) {
		return nil, fmt.Sprintf("%s may change the live data; pass --all-methods to send it", rq.Method)
	}
	u, headers, body := rq.URL, rq.Headers.Clone(), rq.Body
	for _, r := range rules {
		value := os.Getenv(r.env)
		if !strings.Contains(u, r.placeholder) && !strings.Contains(u, url.QueryEscape(r.placeholder)) &&
			!headersContain(headers, r.placeholder) && !bytes.Contains(body, []byte(r.placeholder)) {
			continue
		}
		if value == "" {
			return nil, fmt.Sprintf("the environment variable %s, which --secret %s names, is empty or not set", r.env, shell.Quote(r.placeholder+"="+r.env))
		}
		u = strings.ReplaceAll(u, r.placeholder, url.QueryEscape(value))
		u = strings.ReplaceAll(u, url.QueryEscape(r.placeholder), url.QueryEscape(value))
		for k, vs := range headers {
			for j, v := range vs {
				headers[k][j] = strings.ReplaceAll(v, r.placeholder, value)
			}
		}
		if headers.Get("Content-Encoding") == "" {
			body = bytes.ReplaceAll(body, []byte(r.placeholder), []byte(value))
		}
	}
	if where := placeholderIn(u, headers, body, rules); where != "" {
		return nil, fmt.Sprintf("%s holds a redacted value; pass --secret 'PLACEHOLDER=ENV' naming the environment variable that holds it, e.g. --secret 'REDACTED=API_TOKEN'", where)
	}
	if upstream != nil {
		parsed, err := url.Parse(u)
		if err != nil {
			return nil, fmt.Sprintf("the recorded URL does not parse: %v", err)
		}
		parsed.Scheme, parsed.Host = upstream.Scheme, upstream.Host
		parsed.Path = strings.TrimSuffix(upstream.Path, "/") + parsed.Path
		if parsed.RawPath != "" {
			parsed.RawPath = strings.TrimSuffix(upstream.EscapedPath(), "/") + parsed.RawPath
		}
		u = parsed.String()
	}
	req, err := http.NewRequestWithContext(context.Background(), rq.Method, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Sprintf("the recorded request cannot be sent: %v", err)
	}
	if len(body) == 0 {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	headers.Del("Content-Length")
	if h := headers.Get("Host"); h != "" {
		req.Host = h
		headers.Del("Host")
	}
	req.Header = headers
	if req.Header == nil {
		req.Header = http.Header{}
	}
	return req, ""
}

func headersContain(h http.Header, s string) bool {
	for _, vs := range h {
		for _, v := range vs {
			if strings.Contains(v, s) {
				return true
			}
		}
	}
	return false
}

// placeholderIn names the first part of a request that still holds a
// placeholder: the redact package's, or one of the rules'.
func placeholderIn(u string, h http.Header, body []byte, rules []secretRule) string {
	placeholders := []string{redact.Placeholder}
	for _, r := range rules {
		placeholders = append(placeholders, r.placeholder)
	}
	for _, p := range placeholders {
		if strings.Contains(u, p) || strings.Contains(u, url.QueryEscape(p)) {
			return "the URL"
		}
		names := make([]string, 0, len(h))
		for k := range h {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			if headersContain(http.Header{k: h[k]}, p) {
				return "request header " + k
			}
		}
		if plain, _, err := cassette.DecodedBody(h, body); err == nil && bytes.Contains(plain, []byte(p)) {
			return "the request body"
		}
	}
	return ""
}

// verifyBodyLimit is the largest body file verify reads into memory, to
// compare it with the live body as drift compares bodies.
const verifyBodyLimit = 64 << 20

// verifyOne sends req, the live request of in (an interaction of the
// cassette at path), and returns what drifted. problem is a recorded body
// file that cannot be read; err is the request's.
func verifyOne(client *http.Client, req *http.Request, path string, in *cassette.Interaction, opts []drift.Option) (changes []drift.Change, problem string, err error) {
	recorded := in.Response
	if recorded.BodyFile == "" || recorded.BodySize <= verifyBodyLimit {
		if recorded.Body, err = readBody(path, &in.Response, verifyBodyLimit, ""); err != nil {
			return nil, fmt.Sprintf("the recorded body cannot be read: %v", err), nil
		}
		recorded.BodyFile, recorded.BodySize = "", 0
		live, err := roundTrip(client, req, false)
		if err != nil {
			return nil, "", err
		}
		return drift.Responses(&recorded, live.Response, opts...), "", nil
	}
	live, err := roundTrip(client, req, true)
	if err != nil {
		return nil, "", err
	}
	changes = drift.Responses(&recorded, live.Response, opts...)
	changes, _ = bodyChanges(changes, identityOf(&in.Response), live.body, verifyValues)
	return changes, "", nil
}

// A liveAnswer is what verify received: the response, and, when its body
// was hashed rather than kept, what stands for it.
type liveAnswer struct {
	*cassette.Response
	body bodyIdentity
}

// roundTrip sends req and reads the whole answer, or, with hashOnly,
// hashes its body as it arrives, for one compared with a large body file.
func roundTrip(client *http.Client, req *http.Request, hashOnly bool) (liveAnswer, error) {
	resp, err := client.Do(req)
	if err != nil {
		return liveAnswer{}, err
	}
	defer resp.Body.Close()
	a := liveAnswer{Response: &cassette.Response{
		Status: resp.Status, Code: resp.StatusCode, Proto: resp.Proto,
		Headers: resp.Header, Trailers: resp.Trailer,
	}}
	if hashOnly {
		h := sha256.New()
		n, err := io.Copy(h, resp.Body)
		if err != nil {
			return liveAnswer{}, fmt.Errorf("reading the response: %w", err)
		}
		a.body = bodyIdentity{size: n, live: true}
		if n > 0 {
			a.body.sum = hex.EncodeToString(h.Sum(nil))
		}
		return a, nil
	}
	if a.Body, err = io.ReadAll(resp.Body); err != nil {
		return liveAnswer{}, fmt.Errorf("reading the response: %w", err)
	}
	return a, nil
}
