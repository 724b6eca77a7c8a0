package recorder

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// ErrSecret is what a *SecretError is: errors.Is(err, ErrSecret) reports
// whether a save was stopped because the cassette held what looks like a
// credential.
var ErrSecret = errors.New("tapedeck: the cassette holds what looks like a credential")

// A SecretError is returned by Close (and reported through the test under
// New) when the scan before a save finds something in the cassette that
// still looks like a credential: a token in a response body, a password in a
// field no filter covers. Nothing is written: the file on disk stays as it
// was. Its message names the file and, for each finding, the interaction,
// the field, and the two ways out: the WithRedaction filter that redacts
// it, or the redact.AllowField option that accepts a false positive.
//
// The scan covers the whole cassette, interactions recorded by earlier runs
// included, since all of it is written.
type SecretError struct {
	// Cassette is the file that was not saved.
	Cassette string
	// Findings are what the scan found, in cassette order.
	Findings []redact.Finding
	// labels name each interaction with findings by its request.
	labels map[int]string
}

// Is makes errors.Is(err, ErrSecret) true.
func (e *SecretError) Is(target error) bool { return target == ErrSecret }

// Error returns the report.
func (e *SecretError) Error() string {
	var b strings.Builder
	what := "1 value in it looks"
	if n := len(e.Findings); n != 1 {
		what = fmt.Sprintf("%d values in it look", n)
	}
	fmt.Fprintf(&b, "tapedeck: %s was not saved: %s like a credential, and nothing was written (the file is as it was)", e.Cassette, what)
	for _, f := range e.Findings {
		fmt.Fprintf(&b, "\n  interaction #%d", f.Interaction+1)
		if l := e.labels[f.Interaction]; l != "" {
			fmt.Fprintf(&b, " (%s)", l)
		}
		fmt.Fprintf(&b, ": %s", f.Problem())
	}
	b.WriteString("\nredact the values with the filters above, or accept false positives with the AllowField options, then run again")
	for _, f := range e.Findings {
		if f.Line > 0 {
			b.WriteString("; the interactions with a line number were written by an earlier run: re-record them with the filter (go test -update=all), and revoke the credential if the file was ever committed")
			break
		}
	}
	return b.String()
}

// save writes the cassette after the BeforeSave hooks and the secret scan.
// It runs after Close has closed the engine, so nothing changes the
// interactions any more.
func (r *Recorder) save() error {
	r.metaMu.Lock()
	c := r.meta
	r.metaMu.Unlock()
	c.Interactions, _ = r.eng.Interactions()
	saved, err := r.beforeSave(&c)
	if err != nil {
		return err
	}
	s := r.set
	findings := s.red.Scan(saved)
	for i, in := range saved.Interactions {
		// The body files this run wrote; those of earlier runs were
		// scanned before those runs saved.
		if in == nil || in.Response.BodyFile == "" || in.Line > 0 {
			continue
		}
		more, err := r.scanBodyFile(i, in)
		if err != nil {
			return err
		}
		findings = append(findings, more...)
	}
	if len(findings) > 0 {
		return secretError(s.path, saved, findings)
	}
	if err := cassette.Save(s.fs, s.path, saved); err != nil {
		return fmt.Errorf("tapedeck: saving %d interaction(s) to %s: %w", len(saved.Interactions), s.path, err)
	}
	return nil
}

// scanBodyFile scans the body file of in, interaction i of the cassette.
func (r *Recorder) scanBodyFile(i int, in *cassette.Interaction) ([]redact.Finding, error) {
	s := r.set
	body, err := cassette.OpenBody(s.fs, s.path, &in.Response)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: %s was not saved: scanning the body of %s %s: %w", s.path, in.Request.Method, in.Request.URL, err)
	}
	defer body.Close()
	findings, err := s.red.ScanBody(i, in, body)
	if err != nil {
		return nil, fmt.Errorf("tapedeck: %s was not saved: scanning the body of %s %s: %w", s.path, in.Request.Method, in.Request.URL, err)
	}
	return findings, nil
}

// secretError reports findings in c, to be saved at path, labelling each
// interaction by its request.
func secretError(path string, c *cassette.Cassette, findings []redact.Finding) *SecretError {
	e := &SecretError{Cassette: path, Findings: findings, labels: map[int]string{}}
	hideURL := map[int]bool{}
	for _, f := range findings {
		if strings.HasPrefix(f.Field, "request.url") && !strings.HasPrefix(f.Field, "request.url query") {
			hideURL[f.Interaction] = true
		}
	}
	for _, f := range findings {
		if _, done := e.labels[f.Interaction]; done || f.Interaction >= len(c.Interactions) {
			continue
		}
		in := c.Interactions[f.Interaction]
		if in == nil {
			continue
		}
		label := in.Request.Method + " " + urlLabel(in.Request.URL, hideURL[f.Interaction])
		if in.Line > 0 {
			label += fmt.Sprintf(", line %d", in.Line)
		} else {
			label += ", recorded by this run"
		}
		e.labels[f.Interaction] = label
	}
	return e
}

// urlLabel is a URL as a report may print it: without user information,
// query or fragment, where secrets hide, and without its path when the
// scanner found one there.
func urlLabel(u string, hidePath bool) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		if hidePath {
			return "…"
		}
		return u
	}
	host, path, hasPath := strings.Cut(rest, "/")
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	switch {
	case hidePath:
		path = "/…"
	case hasPath:
		path = "/" + path
	}
	return scheme + "://" + host + path
}
