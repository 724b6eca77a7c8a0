package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/redact"
)

// Body files (see cassette.BodyDir): the commands read a response whose
// body is in one through cassette.OpenBody, which checks its length and
// SHA-256, and never hold one in memory unless its format needs the bytes
// (export) or it is small enough to compare or print.

// bodyFileName is how a report names the body file of rs, a response of
// the cassette at path: "fixtures/x.bodies/62950baa55fd…", the first 12
// hex digits of its name.
func bodyFileName(path string, rs *cassette.Response) string {
	return filepath.Join(cassette.BodyDir(path), short(rs.BodyFile))
}

// short is the first 12 hex digits of a body file's name, and an ellipsis.
func short(name string) string {
	if len(name) <= 12 {
		return name
	}
	return name[:12] + "…"
}

// readBody returns the body of rs, a response of the cassette at path,
// read from its body file (and checked) when it has one. A body file
// larger than limit bytes is an error that names the file and, as fix,
// what the caller says raises the limit.
func readBody(path string, rs *cassette.Response, limit int64, fix string) ([]byte, error) {
	if rs.BodyFile == "" {
		return rs.Body, nil
	}
	if rs.BodySize > limit {
		msg := fmt.Sprintf("its body file %s holds %s, more than the %s read into memory",
			bodyFileName(path, rs), size(int(rs.BodySize)), size(int(limit)))
		if fix != "" {
			msg += ": " + fix
		}
		return nil, errors.New(msg)
	}
	r, err := cassette.OpenBody(disk, path, rs)
	if err != nil {
		return nil, pathless{err, path}
	}
	defer r.Close()
	// Room for one byte more than the cassette says, so that a longer
	// file is read far enough for the check to fail.
	var buf bytes.Buffer
	buf.Grow(int(rs.BodySize) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(r, rs.BodySize+1)); err != nil {
		return nil, pathless{err, path}
	}
	return buf.Bytes(), nil
}

// pathless is an error of cassette.OpenBody (or of the body it returns)
// without the cassette's path in front, for a message that names the
// interaction, and the cassette, already.
type pathless struct {
	err  error
	path string
}

func (p pathless) Error() string { return strings.TrimPrefix(p.err.Error(), p.path+": ") }
func (p pathless) Unwrap() error { return p.err }

// scanInteraction is r.ScanInteraction for interaction i of the
// cassette at path and, when its response body is in a body file,
// r.ScanBody over that file, read to its end through cassette.OpenBody.
// The error is a body file that is missing (then the rest of the
// interaction is still scanned) or damaged; it wraps OpenBody's.
func scanInteraction(r *redact.Redactor, path string, i int, in *cassette.Interaction) ([]redact.Finding, error) {
	if in.Response.BodyFile == "" {
		return r.ScanInteraction(i, in), nil
	}
	body, err := cassette.OpenBody(disk, path, &in.Response)
	if err != nil {
		return r.ScanInteraction(i, in), err
	}
	defer body.Close()
	findings := r.ScanInteraction(i, in)
	more, err := r.ScanBody(i, in, body)
	findings = append(findings, more...)
	if err == nil {
		// The scan may stop before the end (a compressed file too large
		// to decode); the check of the file needs all of it.
		_, err = io.Copy(io.Discard, body)
	}
	return findings, err
}

// withBodies returns a copy of c in which every response whose body is in
// a body file holds it in Body instead, for a format that needs the bytes
// (HAR). A body file larger than limit, or one that is missing or
// damaged, is an error naming the interaction.
func withBodies(path string, c *cassette.Cassette, limit int64, fix string) (*cassette.Cassette, error) {
	out := *c
	out.Interactions = make([]*cassette.Interaction, len(c.Interactions))
	for i, in := range c.Interactions {
		out.Interactions[i] = in
		if in == nil || in.Response.BodyFile == "" {
			continue
		}
		body, err := readBody(path, &in.Response, limit, fix)
		if err != nil {
			return nil, fmt.Errorf("%s: interaction %s: %w", where(path, in.Line), label(i, in), err)
		}
		cp := *in
		cp.Response.Body, cp.Response.BodyFile, cp.Response.BodySize = body, "", 0
		out.Interactions[i] = &cp
	}
	return &out, nil
}

// A removalLog is a file system that notes the files removed through it,
// so that a command can say which body files a save or a prune removed.
// When dry, it only notes them and removes nothing.
type removalLog struct {
	afero.Fs
	dry bool

	mu      sync.Mutex
	removed []string
}

// Remove removes name (unless dry) and notes it.
func (l *removalLog) Remove(name string) error {
	if !l.dry {
		if err := l.Fs.Remove(name); err != nil {
			return err
		}
	}
	l.mu.Lock()
	l.removed = append(l.removed, name)
	l.mu.Unlock()
	return nil
}

// RemoveAll is refused: nothing the commands call removes a tree, and a
// log of one would not say what was in it.
func (l *removalLog) RemoveAll(name string) error {
	return fmt.Errorf("%s: removing a directory tree through a removal log", name)
}

// bodiesRemoved returns the files of the body directory of the cassette
// at path that l noted as removed, in order.
func (l *removalLog) bodiesRemoved(path string) []string {
	dir := filepath.Clean(cassette.BodyDir(path))
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, p := range l.removed {
		if filepath.Dir(filepath.Clean(p)) == dir {
			out = append(out, p)
		}
	}
	return out
}

// saveNoting saves c to path as save does, and returns the body files
// the save removed because c no longer names them (see cassette.Save).
func saveNoting(path string, c *cassette.Cassette) ([]string, error) {
	l := &removalLog{Fs: disk}
	err := cassette.Save(l, path, c)
	return l.bodiesRemoved(path), err
}

// orphanBodies returns the body files of the cassette at path that c does
// not name (and temporary files that killed recordings left there), and
// removes them unless dryRun: cassette.PruneBodies, listing what it would
// remove when dry.
func orphanBodies(path string, c *cassette.Cassette, dryRun bool) ([]string, error) {
	if !dryRun {
		return cassette.PruneBodies(disk, path, c)
	}
	return cassette.PruneBodies(&removalLog{Fs: disk, dry: true}, path, c)
}
