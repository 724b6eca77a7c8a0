package cassette

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/internal/atomicfile"
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
// it was; temporary files that a killed earlier save of path left behind
// are removed by the next save that succeeds. After the save, the body
// files of path (see BodyDir) that c no longer refers to are removed, as
// PruneBodies does.
func Save(fsys afero.Fs, path string, c *Cassette) error {
	data, err := Marshal(c)
	if err != nil {
		return fmt.Errorf("save cassette %s: %w", path, err)
	}
	perm := fs.FileMode(0o644)
	if fi, err := fsys.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	if err := atomicfile.Write(fsys, path, data, perm); err != nil {
		return fmt.Errorf("save cassette %s: %w", path, err)
	}
	if _, err := fsys.Stat(BodyDir(path)); err == nil {
		if _, err := PruneBodies(fsys, path, c); err != nil {
			return fmt.Errorf("save cassette %s: it is saved, but %w", path, err)
		}
	}
	return nil
}
