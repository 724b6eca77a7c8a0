package cassette

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/afero"
	"go.yaml.in/yaml/v3"
)

// The fields of a response whose body is in a body file.
const (
	fieldBodyFile = "body_file"
	fieldBodySize = "body_size"
)

// BodyDir returns the directory that holds the body files of the cassette
// at path: path without its .yaml (or .yml) extension, plus ".bodies", so
// fixtures/video.yaml keeps its large bodies in fixtures/video.bodies/.
//
// A body file holds one response body exactly as it came over the wire
// and is named by the SHA-256 of those bytes in lowercase hex, so that
// equal bodies share one file and a changed or damaged file is noticed.
// The cassette names the file in the response's body_file field, with
// its length in body_size.
func BodyDir(path string) string {
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" {
		path = strings.TrimSuffix(path, ext)
	}
	return path + ".bodies"
}

// BodyPath returns the path of the body file of r, a response of the
// cassette at path whose BodyFile is set.
func BodyPath(path string, r *Response) string {
	return filepath.Join(BodyDir(path), r.BodyFile)
}

// validBodyFile reports whether name can be a body file's name: 64
// lowercase hex digits.
func validBodyFile(name string) bool {
	if len(name) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// OpenBody returns the body of r, a response of the cassette at path in
// fsys: its bytes in memory, or, when r.BodyFile is set, its body file,
// read as the caller reads. The reader checks the file's length and
// SHA-256 as it goes and fails (with the file's name and how to fix it)
// instead of returning io.EOF when they are not those the cassette
// names. A missing file is an error for which errors.Is(err,
// fs.ErrNotExist) holds.
func OpenBody(fsys afero.Fs, path string, r *Response) (io.ReadCloser, error) {
	if r.BodyFile == "" {
		return io.NopCloser(strings.NewReader(string(r.Body))), nil
	}
	name := BodyPath(path, r)
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s names the body file %s, which is missing: "+
				"restore it from version control, or record the cassette again (go test -update): %w", path, name, err)
		}
		return nil, fmt.Errorf("%s: opening its body file: %w", path, err)
	}
	return &checkedBody{f: f, name: name, cassette: path, want: r.BodyFile, size: r.BodySize, sum: sha256.New()}, nil
}

// checkedBody reads a body file and checks it against the cassette.
type checkedBody struct {
	f              afero.File
	name, cassette string
	want           string
	size, n        int64
	sum            hash.Hash
}

func (b *checkedBody) Read(p []byte) (int, error) {
	n, err := b.f.Read(p)
	b.n += int64(n)
	b.sum.Write(p[:n])
	if b.n > b.size {
		return n, b.damaged(fmt.Sprintf("is longer than the body_size %d", b.size))
	}
	if err == io.EOF {
		if b.n != b.size {
			return n, b.damaged(fmt.Sprintf("has %d bytes, not the body_size %d", b.n, b.size))
		}
		if got := hex.EncodeToString(b.sum.Sum(nil)); got != b.want {
			return n, b.damaged("does not hold the bytes whose SHA-256 names it (it hashes to " + got[:12] + "...)")
		}
	}
	return n, err
}

func (b *checkedBody) damaged(what string) error {
	return fmt.Errorf("%s: the body file %s %s: restore it from version control, "+
		"or record the cassette again (go test -update)", b.cassette, b.name, what)
}

func (b *checkedBody) Close() error { return b.f.Close() }

// A BodyWriter writes one body into the body directory of a cassette,
// for a response too large to hold in memory or in the cassette: the
// bytes go to a temporary file as they are written, and Commit gives the
// file its name, the SHA-256 of what was written.
type BodyWriter struct {
	fsys     afero.Fs
	dir, tmp string
	f        afero.File
	sum      hash.Hash
	n        int64
	done     bool
}

// tempBody is how the temporary files of body files being written begin.
const tempBody = ".tmp-"

// CreateBody starts a body file of the cassette at path in fsys, creating
// the body directory when it does not exist.
func CreateBody(fsys afero.Fs, path string) (*BodyWriter, error) {
	dir := BodyDir(path)
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s: creating the directory of its body files: %w", path, err)
	}
	f, err := afero.TempFile(fsys, dir, tempBody+"*")
	if err != nil {
		return nil, fmt.Errorf("%s: creating a body file: %w", path, err)
	}
	return &BodyWriter{fsys: fsys, dir: dir, tmp: f.Name(), f: f, sum: sha256.New()}, nil
}

// Write adds p to the body.
func (w *BodyWriter) Write(p []byte) (int, error) {
	if w.done {
		return 0, errors.New("cassette: write to a body file after Commit or Abort")
	}
	n, err := w.f.Write(p)
	w.sum.Write(p[:n])
	w.n += int64(n)
	if err != nil {
		return n, fmt.Errorf("writing the body file %s: %w", w.tmp, err)
	}
	return n, nil
}

// Size is how many bytes have been written.
func (w *BodyWriter) Size() int64 { return w.n }

// Commit syncs the file and names it by its SHA-256, which it returns
// with the length. When a body file of that name exists (the same body
// recorded before), that one is kept and the new one removed.
func (w *BodyWriter) Commit() (name string, size int64, err error) {
	if w.done {
		return "", 0, errors.New("cassette: Commit of a body file after Commit or Abort")
	}
	w.done = true
	defer func() {
		if err != nil {
			w.fsys.Remove(w.tmp)
		}
	}()
	if err := w.f.Sync(); err != nil {
		w.f.Close()
		return "", 0, fmt.Errorf("syncing the body file %s: %w", w.tmp, err)
	}
	if err := w.f.Close(); err != nil {
		return "", 0, fmt.Errorf("writing the body file %s: %w", w.tmp, err)
	}
	name = hex.EncodeToString(w.sum.Sum(nil))
	final := filepath.Join(w.dir, name)
	if fi, err := w.fsys.Stat(final); err == nil && fi.Size() == w.n {
		w.fsys.Remove(w.tmp)
		return name, w.n, nil
	}
	if err := w.fsys.Chmod(w.tmp, 0o644); err != nil {
		return "", 0, fmt.Errorf("the body file %s: %w", w.tmp, err)
	}
	if err := w.fsys.Rename(w.tmp, final); err != nil {
		return "", 0, fmt.Errorf("naming the body file %s: %w", final, err)
	}
	return name, w.n, nil
}

// Abort removes the file: the body is not kept (the client stopped
// reading it, or the connection failed).
func (w *BodyWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	w.fsys.Remove(w.tmp)
}

// BodyFiles returns the names of the body files c refers to, each once,
// in the order the interactions first name them.
func BodyFiles(c *Cassette) []string {
	var out []string
	seen := map[string]bool{}
	for _, in := range c.Interactions {
		if in == nil {
			continue
		}
		if n := in.Response.BodyFile; n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// tempBodyAge is how old a temporary body file must be for PruneBodies to
// take it for the leftover of a killed recording: a younger one may be
// being written right now.
const tempBodyAge = time.Hour

// PruneBodies removes from the body directory of the cassette at path the
// body files that c (that cassette, as it is now) does not refer to, and
// temporary files left there more than an hour ago by recordings that
// were killed. It returns the paths it removed, sorted. A missing
// directory is no error; a body directory that ends up empty is removed.
// Files whose names are not body files' are left alone.
func PruneBodies(fsys afero.Fs, path string, c *Cassette) ([]string, error) {
	dir := BodyDir(path)
	names, err := readDirNames(fsys, dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("%s: reading its body directory: %w", path, err)
	}
	keep := map[string]bool{}
	for _, n := range BodyFiles(c) {
		keep[n] = true
	}
	var removed []string
	left := 0
	cutoff := time.Now().Add(-tempBodyAge)
	for _, name := range names {
		p := filepath.Join(dir, name)
		switch {
		case validBodyFile(name) && !keep[name]:
		case strings.HasPrefix(name, tempBody):
			if fi, err := fsys.Stat(p); err != nil || !fi.ModTime().Before(cutoff) {
				left++
				continue
			}
		default:
			left++
			continue
		}
		if err := fsys.Remove(p); err != nil {
			return removed, fmt.Errorf("%s: removing the body file no interaction names: %w", path, err)
		}
		removed = append(removed, p)
	}
	if left == 0 {
		fsys.Remove(dir) // best effort: it fails when something else is there now
	}
	return removed, nil
}

func readDirNames(fsys afero.Fs, dir string) ([]string, error) {
	d, err := fsys.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	slices.Sort(names) // so that what PruneBodies reports is in a stable order
	return names, nil
}

// appendBodyFile writes the body_file and body_size fields of r.
func appendBodyFile(m *yaml.Node, r *Response) {
	appendField(m, fieldBodyFile, stringNode(r.BodyFile))
	appendField(m, fieldBodySize, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(r.BodySize)})
}

// decodeBodyFile reads body_file and body_size into r, when f has them,
// and reports whether it did.
func decodeBodyFile(f *fields, r *Response) (bool, error) {
	file, size := f.value(fieldBodyFile), f.value(fieldBodySize)
	if file == nil && size == nil {
		return false, nil
	}
	if file == nil {
		return false, errorf(size.Line, "body_size without body_file: name the body file, or remove body_size")
	}
	name, err := stringValue(file, fieldBodyFile)
	if err != nil {
		return false, err
	}
	if !validBodyFile(name) {
		return false, errorf(file.Line, "body_file %q is not the name of a body file (the SHA-256 of the body, 64 lowercase hex digits)", name)
	}
	if size == nil {
		return false, errorf(file.Line, "body_file without body_size: add the body's length in bytes, e.g. \"body_size: 1048576\"")
	}
	if size.Kind != yaml.ScalarNode || size.ShortTag() != "!!int" {
		return false, errorf(size.Line, "body_size is %s, not a length in bytes", describe(size))
	}
	var n int64
	if err := size.Decode(&n); err != nil || n < 0 {
		return false, errorf(size.Line, "body_size %q is not a length in bytes (0 or more)", size.Value)
	}
	for _, other := range append([]string{fieldEvents, fieldChunks}, bodyFields...) {
		if v := f.value(other); v != nil {
			return false, errorf(v.Line, "%s with body_file: the body is in the body file; remove %s", other, other)
		}
	}
	r.BodyFile, r.BodySize = name, n
	return true, nil
}
