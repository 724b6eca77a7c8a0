package cassette

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// writeBody writes body as a body file of the cassette at path.
func writeBody(t *testing.T, fsys afero.Fs, path string, body []byte) (string, int64) {
	t.Helper()
	w, err := CreateBody(fsys, path)
	if err != nil {
		t.Fatal(err)
	}
	// In two writes, as a body that arrives in pieces is written.
	if _, err := w.Write(body[:len(body)/2]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(body[len(body)/2:]); err != nil {
		t.Fatal(err)
	}
	name, size, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return name, size
}

func bodyFileCassette(name string, size int64) *Cassette {
	return &Cassette{Interactions: []*Interaction{{
		RecordedAt: time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC),
		Request:    Request{Method: "GET", URL: "https://cdn.example.com/video.mp4"},
		Response: Response{Status: "200 OK", Code: 200, Headers: map[string][]string{"Content-Type": {"video/mp4"}},
			BodyFile: name, BodySize: size},
	}}}
}

func TestBodyFileRoundTrip(t *testing.T) {
	fsys := afero.NewMemMapFs()
	path := "fixtures/video.yaml"
	body := bytes.Repeat([]byte("\x00\x01frame"), 100000)
	name, size := writeBody(t, fsys, path, body)
	sum := sha256.Sum256(body)
	if name != hex.EncodeToString(sum[:]) || size != int64(len(body)) {
		t.Fatalf("Commit = %s, %d; want the SHA-256 of the body and %d", name, size, len(body))
	}
	c := bodyFileCassette(name, size)
	data := roundTrip(t, c)
	if want := "body_file: " + name + "\n      body_size: 700000\n"; !strings.Contains(string(data), want) {
		t.Errorf("the file does not have\n%s\nit is:\n%s", want, data)
	}
	if err := Save(fsys, path, c); err != nil {
		t.Fatal(err)
	}
	back, err := Load(fsys, path)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := OpenBody(fsys, path, &back.Interactions[0].Response)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("OpenBody read %d bytes, %v; want the %d written", len(got), err, len(body))
	}
	if p := BodyPath(path, &back.Interactions[0].Response); p != filepath.Join("fixtures", "video.bodies", name) {
		t.Errorf("BodyPath = %s", p)
	}
}

func TestBodyFileDeduplicates(t *testing.T) {
	fsys := afero.NewMemMapFs()
	a, _ := writeBody(t, fsys, "x.yaml", []byte("same body"))
	b, _ := writeBody(t, fsys, "x.yaml", []byte("same body"))
	if a != b {
		t.Fatalf("equal bodies got the names %s and %s", a, b)
	}
	names, err := readDirNames(fsys, BodyDir("x.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != a {
		t.Errorf("the body directory holds %q, want only %s", names, a)
	}
}

func TestBodyWriterAbort(t *testing.T) {
	fsys := afero.NewMemMapFs()
	w, err := CreateBody(fsys, "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("half a bo"))
	w.Abort()
	names, _ := readDirNames(fsys, BodyDir("x.yaml"))
	if len(names) != 0 {
		t.Errorf("after Abort the body directory holds %q", names)
	}
	if _, err := w.Write([]byte("dy")); err == nil {
		t.Error("Write after Abort did not fail")
	}
}

func TestOpenBodyDamaged(t *testing.T) {
	body := []byte(strings.Repeat("0123456789", 1000))
	for _, tc := range []struct {
		name   string
		change func(b []byte) []byte
		want   string
	}{
		{"changed byte", func(b []byte) []byte { b[500] = 'x'; return b }, "does not hold the bytes whose SHA-256 names it"},
		{"shorter", func(b []byte) []byte { return b[:9000] }, "has 9000 bytes, not the body_size 10000"},
		{"longer", func(b []byte) []byte { return append(b, "more"...) }, "is longer than the body_size 10000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			name, size := writeBody(t, fsys, "x.yaml", body)
			r := &Response{BodyFile: name, BodySize: size}
			p := BodyPath("x.yaml", r)
			if err := afero.WriteFile(fsys, p, tc.change(bytes.Clone(body)), 0o644); err != nil {
				t.Fatal(err)
			}
			rc, err := OpenBody(fsys, "x.yaml", r)
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			_, err = io.ReadAll(rc)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "go test -update") {
				t.Errorf("reading the damaged file: %v; want an error naming %s that says %q and the fix", err, p, tc.want)
			}
		})
	}
}

func TestOpenBodyMissing(t *testing.T) {
	r := &Response{BodyFile: strings.Repeat("ab", 32), BodySize: 3}
	_, err := OpenBody(afero.NewMemMapFs(), "fixtures/x.yaml", r)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "fixtures/x.bodies/abab") || !strings.Contains(err.Error(), "version control") {
		t.Errorf("OpenBody of a missing file: %v", err)
	}
	rc, err := OpenBody(afero.NewMemMapFs(), "x.yaml", &Response{Body: []byte("inline")})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(rc); string(got) != "inline" {
		t.Errorf("OpenBody of an inline body read %q", got)
	}
}

func TestBodyFileLoadErrors(t *testing.T) {
	name := strings.Repeat("0f", 32)
	head := "version: 1\ninteractions:\n  - request:\n      method: GET\n      url: https://x/\n    response:\n      code: 200\n"
	for _, tc := range []struct{ fields, want string }{
		{"      body_file: " + name + "\n", "line 8: body_file without body_size"},
		{"      body_size: 3\n", "line 8: body_size without body_file"},
		{"      body_file: ABC\n      body_size: 3\n", `line 8: body_file "ABC" is not the name of a body file`},
		{"      body_file: " + name + "\n      body_size: -1\n", `line 9: body_size "-1" is not a length in bytes`},
		{"      body_file: " + name + "\n      body_size: many\n", "line 9: body_size is"},
		{"      body_file: " + name + "\n      body_size: 3\n      body: abc\n", "line 10: body with body_file"},
		{"      body_file: " + name + "\n      body_size: 3\n      chunks: []\n", "line 10: chunks with body_file"},
	} {
		_, err := Unmarshal([]byte(head + tc.fields))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.fields, err, tc.want)
		}
	}
}

func TestPruneBodies(t *testing.T) {
	fsys := afero.NewMemMapFs()
	path := "fixtures/x.yaml"
	kept, size := writeBody(t, fsys, path, []byte("kept"))
	orphan, _ := writeBody(t, fsys, path, []byte("orphan"))
	dir := BodyDir(path)
	other := filepath.Join(dir, "README")
	afero.WriteFile(fsys, other, []byte("a note"), 0o644)
	oldTemp, youngTemp := filepath.Join(dir, tempBody+"1"), filepath.Join(dir, tempBody+"2")
	afero.WriteFile(fsys, oldTemp, []byte("killed"), 0o644)
	afero.WriteFile(fsys, youngTemp, []byte("being written"), 0o644)
	long := time.Now().Add(-2 * tempBodyAge)
	fsys.Chtimes(oldTemp, long, long)

	removed, err := PruneBodies(fsys, path, bodyFileCassette(kept, size))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{oldTemp, filepath.Join(dir, orphan)}
	if strings.Join(removed, ",") != strings.Join(want, ",") {
		t.Errorf("PruneBodies removed %q, want %q", removed, want)
	}
	names, _ := readDirNames(fsys, dir)
	wantLeft := []string{tempBody + "2", "README", kept}
	slices.Sort(wantLeft)
	if !slices.Equal(names, wantLeft) {
		t.Errorf("left %q", names)
	}

	// Save prunes too: a cassette that no longer names any body file
	// leaves an empty directory behind, which goes.
	fsys.Remove(other)
	fsys.Remove(youngTemp)
	if err := Save(fsys, path, &Cassette{}); err != nil {
		t.Fatal(err)
	}
	if _, err := fsys.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after saving a cassette without body files, %s is still there (%v)", dir, err)
	}
}
