package recorder

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/match"
)

// verifyConfig is VerifyRecordings' switch.
type verifyConfig struct {
	verify bool
}

// VerifyRecordings makes New check, when a test re-records (go test
// -update, -update=all, ModeRecordMissing), that what it recorded will
// replay: each request recorded by this run is compared with the recording
// of the same method and URL path that an earlier run made, and the request
// fields that differ between the two runs (a timestamp in the query, a
// random ID or a nonce in the body) fail the test with the matcher option
// that would ignore them. Without this, such a request records again on
// every run and misses in CI.
//
// Under Open the report goes to the logger (WithLogger) instead.
func VerifyRecordings() Option {
	return func(c *config) error {
		c.verify = true
		return nil
	}
}

// volatility is what VerifyRecordings found: per request recorded by this
// run, the fields that differ from the earlier run's recording.
type volatility struct {
	request *cassette.Request
	earlier *cassette.Interaction
	fields  []match.Difference
}

// verifyRecordings compares the requests recorded by this run with the
// recordings of the cassette as it was on disk before the run, and reports
// what differs. It runs at Close, before the save.
func (r *Recorder) verifyRecordings(now []*cassette.Interaction) error {
	s := r.set
	earlier, err := cassette.Load(s.fs, s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the first recording: nothing to compare with
	}
	if err != nil {
		return fmt.Errorf("tapedeck: VerifyRecordings: %w", err)
	}
	var found []volatility
	for _, in := range now {
		if slices.ContainsFunc(earlier.Interactions, func(old *cassette.Interaction) bool {
			return s.matcher.Match(&in.Request, &old.Request) == nil
		}) {
			continue // it replays as the earlier run's recording
		}
		if v, ok := closestTwin(s.matcher, in, earlier.Interactions); ok {
			found = append(found, v)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return &volatileError{cassette: s.path, found: found}
}

// closestTwin finds, among earlier, the recording of in's method and URL
// path that differs from it in the fewest fields, and says which.
func closestTwin(m match.Matcher, in *cassette.Interaction, earlier []*cassette.Interaction) (volatility, bool) {
	best := volatility{}
	for _, old := range earlier {
		if old.Request.Method != in.Request.Method || pathOf(old.Request.URL) != pathOf(in.Request.URL) {
			continue
		}
		var fields []match.Difference
		for _, mm := range match.Explain(m.Match(&in.Request, &old.Request)) {
			fields = append(fields, mm.Differences...)
		}
		if len(fields) > 0 && (best.earlier == nil || len(fields) < len(best.fields)) {
			best = volatility{request: &in.Request, earlier: old, fields: fields}
		}
	}
	return best, best.earlier != nil
}

// pathOf is a URL without its query and fragment.
func pathOf(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// volatileError is VerifyRecordings' report.
type volatileError struct {
	cassette string
	found    []volatility
}

func (e *volatileError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tapedeck: %s: %d request(s) recorded by this run differ from what the earlier run recorded, so they will not replay (VerifyRecordings):", e.cassette, len(e.found))
	var paths []string
	for _, v := range e.found {
		fmt.Fprintf(&b, "\n  %s %s", v.request.Method, v.request.URL)
		if v.earlier.Line > 0 {
			fmt.Fprintf(&b, " (earlier: %s:%d)", e.cassette, v.earlier.Line)
		}
		for _, d := range v.fields {
			fmt.Fprintf(&b, "\n    %s: earlier %s, now %s", d.Path, d.Recorded, d.Live)
			paths = append(paths, d.Path)
		}
	}
	if fix := ignoring(paths); fix != "" {
		fmt.Fprintf(&b, "\nthese fields change from run to run; to match whatever they hold, use:\n  %s", fix)
	} else {
		b.WriteString("\nmake the test send the same values on every run (a fixed clock, Recorder.Seed for random values), or match with a match.Func that ignores them")
	}
	return b.String()
}

// ignoring is the WithMatcher option that makes the default matcher ignore
// the fields at paths (as match.Difference names them: "query ts",
// "body $.nonce", "body csrf" for a form), or "" when some field cannot be
// ignored that way (a path, a method).
func ignoring(paths []string) string {
	var params, jsonPaths, formFields []string
	for _, p := range paths {
		switch {
		case strings.HasPrefix(p, "query ") && p != "query order":
			params = appendNew(params, strings.TrimPrefix(p, "query "))
		case strings.HasPrefix(p, "body $"):
			jsonPaths = appendNew(jsonPaths, strings.TrimPrefix(p, "body "))
		case strings.HasPrefix(p, "body ") && !strings.Contains(p, " part"):
			formFields = appendNew(formFields, strings.TrimPrefix(p, "body "))
		default:
			return ""
		}
	}
	url := "match.URL()"
	if len(params) > 0 {
		url = "match.Scheme(), match.Host(), match.Path(), match.Query(match.IgnoreParams(" + quoteAll(params) + "))"
	}
	body := "match.Body()"
	switch {
	case len(jsonPaths) > 0 && len(formFields) > 0:
		return ""
	case len(jsonPaths) > 0:
		body = "match.JSON(match.IgnorePaths(" + quoteAll(jsonPaths) + "))"
	case len(formFields) > 0:
		body = "match.Form(match.IgnoreParams(" + quoteAll(formFields) + "))"
	}
	return "recorder.WithMatcher(match.All(match.Method(), " + url + ", " + body + "))"
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// volatileValue matches values that look different on every run: times
// (RFC 3339, Unix seconds or milliseconds), UUIDs, and long hex or base64
// nonces. A value is compared as a miss report prints it, quoted.
var volatileValue = regexp.MustCompile(`^"?(` +
	`\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?` + // RFC 3339 and its cousins
	`|1\d{9}(\d{3})?` + // Unix seconds or milliseconds, 2001 to 2286
	`|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}` + // a UUID
	`|[0-9a-fA-F]{16,}` + // a hex nonce or digest
	`|[A-Za-z0-9_-]{20,}` + // a base64url nonce
	`)"?$`)

// volatileHint is the line a miss report adds when every value in which the
// closest recording differs from the request looks like it changes on every
// run; "" otherwise.
func volatileHint(ms match.Mismatches) string {
	var paths []string
	for _, m := range ms {
		for _, d := range m.Differences {
			if !volatileValue.MatchString(d.Recorded) || !volatileValue.MatchString(d.Live) {
				return ""
			}
			paths = append(paths, d.Path)
		}
	}
	if len(paths) == 0 {
		return ""
	}
	hint := "the values that differ look like they change on every run (a time, an ID, a nonce)"
	if fix := ignoring(paths); fix != "" {
		return hint + "; to match whatever they hold, use:\n  " + fix
	}
	return hint + ": make the test send the same ones (a fixed clock, Recorder.Seed), or match with a match.Func that ignores them"
}
