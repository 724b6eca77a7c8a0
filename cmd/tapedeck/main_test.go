package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// binary is the tapedeck command, built once, by the first test that runs
// it: the tests run it as a user would. It is built lazily rather than in
// TestMain so that fuzzing workers, which run TestMain too, do not build it.
var (
	binary     string
	buildOnce  sync.Once
	buildErr   error
	binaryTemp string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryTemp != "" {
		os.RemoveAll(binaryTemp)
	}
	os.Exit(code)
}

// build builds the command with the race detector when the tests run with
// it, so that serve's concurrency is checked too.
func build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tapedeck-test-")
		if err != nil {
			buildErr = err
			return
		}
		binaryTemp = dir
		binary = filepath.Join(dir, "tapedeck")
		if runtime.GOOS == "windows" {
			binary += ".exe"
		}
		args := append([]string{"build", "-buildvcs=false", "-o", binary}, raceFlags...)
		if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("building tapedeck: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// commandIn returns the command that runs tapedeck with args in dir. A
// binary built with -race waits a second before it exits, unless told not
// to; the tests run it a hundred times.
func commandIn(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(build(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0 "+os.Getenv("GORACE"))
	return cmd
}

// result is what one run of the command did.
type result struct {
	stdout, stderr string
	code           int
}

// tapedeck runs the command with args in dir and returns what it printed
// and its exit code.
func tapedeck(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := commandIn(t, dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running tapedeck %q: %v", args, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// expect fails the test unless r exited with code, showing the output.
func expect(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// copyFile copies src into dir and returns the new path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// repoRoot is the module root, where fixtures/ is.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
