// Package atomicfile writes whole files atomically through an afero.Fs:
// a reader, or a crash, sees the old content or the new one, never a part.
//
//	err := atomicfile.Write(fsys, "fixtures/github.yaml", data, 0o644)
//
// Write puts data in a temporary file next to path (".NAME.tmpDIGITS"),
// syncs it, and renames it onto path. On the operating system's file
// system it then syncs the directory, so that the rename survives a power
// loss too. When anything fails, the temporary file is removed and path is
// left as it was. Temporary files that an earlier save of the same path
// left behind when it was killed are removed by the next save that
// succeeds.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/afero"
)

// leftoverAge is how old a temporary file of the same path must be for a
// save to take it for the leftover of a killed save and remove it. A
// younger one may belong to a save of the same path that another process
// (or goroutine) is making right now; a save takes milliseconds.
const leftoverAge = time.Minute

// Write writes data to path in fsys atomically, with the permissions perm.
// It creates the parent directories (0755) that do not exist. On failure
// path holds what it held before, and the error is the file system's
// (which names the file); on success, leftover temporary files of earlier,
// killed saves of path are gone.
func Write(fsys afero.Fs, path string, data []byte, perm fs.FileMode) (err error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := afero.TempFile(fsys, dir, tempPrefix(base)+"*")
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
	if err := fsys.Rename(tmp, path); err != nil {
		return err
	}
	if err := syncDir(fsys, dir); err != nil {
		return fmt.Errorf("%s is written, but it may not survive a power loss: syncing its directory: %w", path, err)
	}
	removeLeftovers(fsys, dir, base)
	return nil
}

// tempPrefix is how the temporary files of a save of base begin.
func tempPrefix(base string) string { return "." + base + ".tmp" }

// isTemp reports whether name is a temporary file of a save of base:
// the prefix, then the digits afero.TempFile (or os.CreateTemp) adds.
func isTemp(name, base string) bool {
	digits, ok := strings.CutPrefix(name, tempPrefix(base))
	return ok && digits != "" && strings.Trim(digits, "0123456789") == ""
}

// syncDir makes a rename in dir durable on the operating system's file
// system. Other file systems (memory, read-only layers) have nothing to
// sync, and neither has Windows, which cannot open a directory for
// syncing. A file system that cannot sync a directory says so with
// EINVAL or an unsupported-operation error; that is no failure.
func syncDir(fsys afero.Fs, dir string) error {
	if _, ok := fsys.(*afero.OsFs); !ok || runtime.GOOS == "windows" {
		return nil
	}
	d, err := fsys.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}

// removeLeftovers removes the temporary files of saves of base in dir
// that are older than leftoverAge: those of saves that were killed before
// they could remove them (a file system in memory has none: it does not
// outlive the process that made it). It is best effort: the save succeeded, and a
// file that cannot be removed now is tried again by the next save.
func removeLeftovers(fsys afero.Fs, dir, base string) {
	if _, ok := fsys.(*afero.MemMapFs); ok {
		return // it ends with its process: no killed save left anything in it
	}
	d, err := fsys.Open(dir)
	if err != nil {
		return
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-leftoverAge)
	for _, name := range names {
		if !isTemp(name, base) {
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := fsys.Stat(p); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(cutoff) {
			fsys.Remove(p)
		}
	}
}
