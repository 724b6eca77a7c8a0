package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/spf13/afero"
	"gotest.tools/v3/assert"
)

// fileSystems are the file systems every behaviour is checked on: memory,
// and the operating system's (in a temporary directory), where Write also
// syncs the directory.
func fileSystems(t *testing.T) map[string]struct {
	fsys afero.Fs
	dir  string
} {
	return map[string]struct {
		fsys afero.Fs
		dir  string
	}{
		"memory": {afero.NewMemMapFs(), "fixtures"},
		"os":     {afero.NewOsFs(), filepath.Join(t.TempDir(), "fixtures")},
	}
}

func TestWrite(t *testing.T) {
	for name, tc := range fileSystems(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(tc.dir, "deep", "api.yaml")
			assert.NilError(t, Write(tc.fsys, path, []byte("first\n"), 0o644))
			assert.NilError(t, Write(tc.fsys, path, []byte("second\n"), 0o600))

			data, err := afero.ReadFile(tc.fsys, path)
			assert.NilError(t, err)
			assert.Equal(t, string(data), "second\n")
			fi, err := tc.fsys.Stat(path)
			assert.NilError(t, err)
			assert.Equal(t, fi.Mode().Perm(), fs.FileMode(0o600))
			assert.DeepEqual(t, dirNames(t, tc.fsys, filepath.Dir(path)), []string{"api.yaml"})
		})
	}
}

// TestWriteRemovesLeftovers is a save killed after it wrote its temporary
// file and before it renamed or removed it: the next save of the same
// path removes what it left, and nothing else.
func TestWriteRemovesLeftovers(t *testing.T) {
	for name, tc := range fileSystems(t) {
		if _, mem := tc.fsys.(*afero.MemMapFs); mem {
			continue // no save can be killed and leave a file that outlives it: see TestWriteInMemoryLooksForNoLeftovers
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(tc.dir, "api.yaml")
			assert.NilError(t, Write(tc.fsys, path, []byte("old\n"), 0o644))

			// The killed save: its rename and its clean-up never ran.
			killed := failingFs{Fs: tc.fsys, failRename: true, failRemove: true}
			assert.Assert(t, errors.Is(Write(killed, path, []byte("lost\n"), 0o644), errDiskFull))
			leftovers := tempNames(t, tc.fsys, tc.dir)
			assert.Equal(t, len(leftovers), 1, "the killed save left %v", leftovers)
			old := time.Now().Add(-2 * leftoverAge)
			assert.NilError(t, tc.fsys.Chtimes(filepath.Join(tc.dir, leftovers[0]), old, old))

			// A save of the same path in progress right now, a leftover of
			// another cassette and a file that only looks similar stay.
			inProgress := filepath.Join(tc.dir, ".api.yaml.tmp123")
			other := filepath.Join(tc.dir, ".users.yaml.tmp456")
			similar := filepath.Join(tc.dir, ".api.yaml.tmp-notes")
			for _, p := range []string{inProgress, other, similar} {
				assert.NilError(t, afero.WriteFile(tc.fsys, p, []byte("x"), 0o600))
			}
			assert.NilError(t, tc.fsys.Chtimes(other, old, old))
			assert.NilError(t, tc.fsys.Chtimes(similar, old, old))

			assert.NilError(t, Write(tc.fsys, path, []byte("new\n"), 0o644))
			assert.DeepEqual(t, dirNames(t, tc.fsys, tc.dir),
				[]string{".api.yaml.tmp-notes", ".api.yaml.tmp123", ".users.yaml.tmp456", "api.yaml"})
			data, err := afero.ReadFile(tc.fsys, path)
			assert.NilError(t, err)
			assert.Equal(t, string(data), "new\n")
		})
	}
}

// TestWriteInMemoryLooksForNoLeftovers: a file system in memory ends with
// the process, so there is no killed save whose file it could hold, and
// Write does not list the directory to look for one.
func TestWriteInMemoryLooksForNoLeftovers(t *testing.T) {
	fsys := afero.NewMemMapFs()
	old := time.Now().Add(-2 * leftoverAge)
	look := filepath.Join("fixtures", ".api.yaml.tmp123")
	assert.NilError(t, afero.WriteFile(fsys, look, []byte("x"), 0o600))
	assert.NilError(t, fsys.Chtimes(look, old, old))
	assert.NilError(t, Write(fsys, filepath.Join("fixtures", "api.yaml"), []byte("new\n"), 0o644))
	assert.DeepEqual(t, dirNames(t, fsys, "fixtures"), []string{".api.yaml.tmp123", "api.yaml"})
}

func TestWriteFailureKeepsTheOldFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   func(afero.Fs) afero.Fs
	}{
		{"write fails", func(base afero.Fs) afero.Fs { return failingFs{Fs: base, failWrite: true} }},
		{"sync fails", func(base afero.Fs) afero.Fs { return failingFs{Fs: base, failSync: true} }},
		{"rename fails", func(base afero.Fs) afero.Fs { return failingFs{Fs: base, failRename: true} }},
	} {
		for name, fsc := range fileSystems(t) {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				path := filepath.Join(fsc.dir, "api.yaml")
				before := []byte("the old cassette\n\x00\xff binary too\n")
				assert.NilError(t, Write(fsc.fsys, path, before, 0o640))

				err := Write(tc.fs(fsc.fsys), path, []byte("the new cassette, much longer than the old one\n"), 0o644)
				assert.Assert(t, errors.Is(err, errDiskFull), "got %v, want an error wrapping %v", err, errDiskFull)

				after, err := afero.ReadFile(fsc.fsys, path)
				assert.NilError(t, err)
				assert.DeepEqual(t, after, before)
				fi, err := fsc.fsys.Stat(path)
				assert.NilError(t, err)
				assert.Equal(t, fi.Mode().Perm(), fs.FileMode(0o640))
				assert.DeepEqual(t, dirNames(t, fsc.fsys, fsc.dir), []string{"api.yaml"})
			})
		}
	}
}

func TestWriteReadOnly(t *testing.T) {
	base := afero.NewMemMapFs()
	assert.NilError(t, Write(base, "fixtures/api.yaml", []byte("old\n"), 0o644))
	err := Write(afero.NewReadOnlyFs(base), "fixtures/api.yaml", []byte("new\n"), 0o644)
	assert.Assert(t, err != nil)
	data, err := afero.ReadFile(base, "fixtures/api.yaml")
	assert.NilError(t, err)
	assert.Equal(t, string(data), "old\n")
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".api.yaml.tmp123456789": true,
		".api.yaml.tmp1":         true,
		".api.yaml.tmp":          false,
		".api.yaml.tmp12a":       false,
		"api.yaml.tmp123":        false,
		".api.yml.tmp123":        false,
		".x.api.yaml.tmp123":     false,
	} {
		assert.Equal(t, isTemp(name, "api.yaml"), want, name)
	}
}

// failingFs is a file system on which the writes, syncs, renames or
// removals of Write fail as a full disk (or a killed process) makes them.
type failingFs struct {
	afero.Fs
	failWrite, failSync, failRename, failRemove bool
}

var errDiskFull = errors.New("disk full")

func (f failingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil || !f.failWrite && !f.failSync {
		return file, err
	}
	return failingFile{file, f.failWrite}, nil
}

func (f failingFs) Rename(oldname, newname string) error {
	if f.failRename {
		return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: errDiskFull}
	}
	return f.Fs.Rename(oldname, newname)
}

func (f failingFs) Remove(name string) error {
	if f.failRemove {
		return &os.PathError{Op: "remove", Path: name, Err: errors.New("killed")}
	}
	return f.Fs.Remove(name)
}

// failingFile writes half of what it is given and fails, or fails to sync.
type failingFile struct {
	afero.File
	failWrite bool
}

func (f failingFile) Write(p []byte) (int, error) {
	if !f.failWrite {
		return f.File.Write(p)
	}
	n, _ := f.File.Write(p[:len(p)/2])
	return n, errDiskFull
}

func (f failingFile) Sync() error { return &os.PathError{Op: "sync", Path: f.Name(), Err: errDiskFull} }

func dirNames(t *testing.T, fsys afero.Fs, dir string) []string {
	t.Helper()
	entries, err := afero.ReadDir(fsys, dir)
	assert.NilError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func tempNames(t *testing.T, fsys afero.Fs, dir string) []string {
	t.Helper()
	var names []string
	for _, n := range dirNames(t, fsys, dir) {
		if isTemp(n, "api.yaml") {
			names = append(names, n)
		}
	}
	return names
}
