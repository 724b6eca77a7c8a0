package cassette

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/afero"
)

// Load reads the cassette file at path in fsys. A missing file is an error
// for which errors.Is(err, fs.ErrNotExist) holds; a malformed one is a
// *FormatError whose Path is path.
func Load(fsys afero.Fs, path string) (*Cassette, error) {
	data, err := afero.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("read cassette: %w", err)
	}
	c, err := Unmarshal(data)
	if err != nil {
		var fe *FormatError
		if errors.As(err, &fe) {
			fe.Path = path
		}
		return nil, err
	}
	return c, nil
}

// Save writes c to path in fsys atomically: it writes a temporary file in
// the same directory and renames it onto path, so that a reader (or a crash)
// sees the old cassette or the new one, never a mix. It creates the parent
// directories and keeps the permissions of the file it replaces (0644 for a
// new file). On failure the temporary file is removed and path is left as
// it was.
func Save(fsys afero.Fs, path string, c *Cassette) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("save cassette %s: %w", path, err)
		}
	}()
	data, err := Marshal(c)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	perm := fs.FileMode(0o644)
	if fi, err := fsys.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	f, err := afero.TempFile(fsys, dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			fsys.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := fsys.Chmod(tmp, perm); err != nil {
		return err
	}
	return fsys.Rename(tmp, path)
}
