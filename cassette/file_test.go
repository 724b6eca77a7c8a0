package cassette

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
)

func TestSaveLoad(t *testing.T) {
	fsys := afero.NewMemMapFs()
	c := representative(t)
	assert.NilError(t, Save(fsys, "fixtures/deep/github.yaml", c))

	back, err := Load(fsys, "fixtures/deep/github.yaml")
	assert.NilError(t, err)
	c.Version = Version
	assert.DeepEqual(t, c, back, cassetteOpts)
	assert.Equal(t, back.Interactions[1].Line, 34)

	fi, err := fsys.Stat("fixtures/deep/github.yaml")
	assert.NilError(t, err)
	assert.Equal(t, fi.Mode().Perm(), fs.FileMode(0o644))
	assertNoTempFiles(t, fsys, "fixtures/deep")
}

func TestSaveOnDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cassettes", "api.yaml")
	fsys := afero.NewOsFs()
	assert.NilError(t, Save(fsys, path, &Cassette{Comment: "first"}))
	// An existing file keeps its permissions.
	assert.NilError(t, os.Chmod(path, 0o600))
	assert.NilError(t, Save(fsys, path, &Cassette{Comment: "second"}))

	data, err := os.ReadFile(path)
	assert.NilError(t, err)
	assert.Equal(t, string(data), "# second\nversion: 1\n")
	fi, err := os.Stat(path)
	assert.NilError(t, err)
	assert.Equal(t, fi.Mode().Perm(), fs.FileMode(0o600))
	assertNoTempFiles(t, fsys, filepath.Dir(path))
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(afero.NewMemMapFs(), "fixtures/missing.yaml")
	assert.Assert(t, errors.Is(err, fs.ErrNotExist), "errors.Is(%v, fs.ErrNotExist) is false", err)
	assert.ErrorContains(t, err, "fixtures/missing.yaml")
	assert.Error(t, err, "read cassette: open fixtures/missing.yaml: file does not exist")
}

func TestLoadFormatError(t *testing.T) {
	fsys := afero.NewMemMapFs()
	assert.NilError(t, afero.WriteFile(fsys, "fixtures/github.yaml", []byte("# tapedeck cassette\nversion: 3\n"), 0o644))
	_, err := Load(fsys, "fixtures/github.yaml")
	assert.Error(t, err, "fixtures/github.yaml:2: cassette version 3 is newer than this tapedeck (reads up to 1): "+
		"upgrade with go get github.com/tapedeck/recorder@latest")
	assert.Assert(t, errors.Is(err, ErrNewerVersion))
	var fe *FormatError
	assert.Assert(t, errors.As(err, &fe))
	assert.Equal(t, fe.Path, "fixtures/github.yaml")
	assert.Equal(t, fe.Line, 2)
}

func TestLoadReadOnlyFS(t *testing.T) {
	// Cassettes embedded with embed.FS are read through afero.FromIOFS.
	base := afero.NewMemMapFs()
	assert.NilError(t, Save(base, "fixtures/api.yaml", representative(t)))
	c, err := Load(afero.FromIOFS{FS: afero.NewIOFS(base)}, "fixtures/api.yaml")
	assert.NilError(t, err)
	assert.Equal(t, len(c.Interactions), 6)

	err = Save(afero.NewReadOnlyFs(base), "fixtures/api.yaml", &Cassette{})
	assert.ErrorContains(t, err, "save cassette fixtures/api.yaml: ")
}

// failingFs is a file system whose file writes or renames fail.
type failingFs struct {
	afero.Fs
	failWrite, failRename bool
}

var errDiskFull = errors.New("disk full")

func (f failingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil || !f.failWrite {
		return file, err
	}
	return failingFile{file}, nil
}

func (f failingFs) Rename(oldname, newname string) error {
	if f.failRename {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: errDiskFull}
	}
	return f.Fs.Rename(oldname, newname)
}

// failingFile writes half of what it is given, then fails.
type failingFile struct{ afero.File }

func (f failingFile) Write(p []byte) (int, error) {
	n, _ := f.File.Write(p[:len(p)/2])
	return n, errDiskFull
}

func TestSaveIsAtomic(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   func(afero.Fs) afero.Fs
	}{
		{"write fails", func(base afero.Fs) afero.Fs { return failingFs{Fs: base, failWrite: true} }},
		{"rename fails", func(base afero.Fs) afero.Fs { return failingFs{Fs: base, failRename: true} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := afero.NewMemMapFs()
			old := &Cassette{Comment: "the old cassette"}
			assert.NilError(t, Save(base, "fixtures/api.yaml", old))
			before, err := afero.ReadFile(base, "fixtures/api.yaml")
			assert.NilError(t, err)

			err = Save(tc.fs(base), "fixtures/api.yaml", representative(t))
			assert.Assert(t, errors.Is(err, errDiskFull), "got %v, want an error wrapping %v", err, errDiskFull)
			assert.ErrorContains(t, err, "save cassette fixtures/api.yaml: ")

			after, err := afero.ReadFile(base, "fixtures/api.yaml")
			assert.NilError(t, err)
			assert.Equal(t, string(after), string(before))
			assertNoTempFiles(t, base, "fixtures")
		})
	}
}

func TestSaveMarshalError(t *testing.T) {
	fsys := afero.NewMemMapFs()
	err := Save(fsys, "fixtures/api.yaml", &Cassette{Interactions: []*Interaction{nil}})
	assert.Error(t, err, "save cassette fixtures/api.yaml: cassette: interaction 1: nil *Interaction")
	_, err = fsys.Stat("fixtures")
	assert.Assert(t, errors.Is(err, fs.ErrNotExist), "Save created a directory for a cassette it could not marshal")
}

// assertNoTempFiles fails if dir holds anything but cassettes.
func assertNoTempFiles(t *testing.T, fsys afero.Fs, dir string) {
	t.Helper()
	entries, err := afero.ReadDir(fsys, dir)
	assert.NilError(t, err)
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".yaml" {
			t.Errorf("%s left in %s", e.Name(), dir)
		}
	}
}
