package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/sqlite"
	"github.com/tapedeck/recorder/store/storetest"
)

// rawDB opens path with the driver alone, to look at or damage the file.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestReopenKeepsEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a?b#c%20d.db") // characters a file: URI would misread
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var put []int64
	for i := range 5 {
		e, err := s.Put(ctx, storetest.Key("reopen", i), storetest.Interaction("reopen", i), 0)
		if err != nil {
			t.Fatal(err)
		}
		put = append(put, e.ID)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the store is not at the path given: %v", err)
	}
	s, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []int64
	if err := s.Scan(ctx, func(e store.Entry) error {
		got = append(got, e.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(put, got); diff != "" {
		t.Errorf("after reopening (-put +found):\n%s", diff)
	}
}

func TestFileSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := rawDB(t, path)
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var plan, detail string
	var id, parent, unused int
	if err := db.QueryRow("EXPLAIN QUERY PLAN SELECT id, entry FROM tapedeck_entries WHERE key = ? ORDER BY id", "GET x").
		Scan(&id, &parent, &unused, &detail); err != nil {
		t.Fatal(err)
	}
	plan = detail
	if !strings.Contains(plan, "USING INDEX tapedeck_entries_key") {
		t.Errorf("Get's query plan is %q: it must read through the key index, not scan the table", plan)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "cassette.yaml")
	if err := os.WriteFile(notDB, []byte("version: 1\ninteractions: []\n# padding to more than one sqlite header's worth of bytes, so it is not an empty file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "app.db")
	if _, err := rawDB(t, foreign).Exec("CREATE TABLE users (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, "newer.db")
	if _, err := rawDB(t, newer).Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, path, want string }{
		{"empty path", "", "sqlite store: empty path: give Open a file name"},
		{"not a database", notDB, "sqlite store " + notDB + ": not an SQLite database"},
		{"foreign", foreign, "sqlite store " + foreign + ": an SQLite database that tapedeck did not make (tables users): give Open a new file"},
		{"newer", newer, "sqlite store " + newer + ": made by a newer tapedeck (schema 99, this one reads up to 1): upgrade github.com/tapedeck/recorder/store/sqlite"},
		{"directory missing", filepath.Join(dir, "no", "such", "dir", "c.db"), "sqlite store " + filepath.Join(dir, "no", "such", "dir", "c.db") + ": cannot create the file: stat " + filepath.Join(dir, "no", "such", "dir") + ": no such file or directory; create the directory first"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := sqlite.Open(c.path)
			if err == nil {
				s.Close()
				t.Fatal("Open returned no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\ndoes not contain\n%s", err, c.want)
			}
		})
	}
}

func TestDamagedEntryNamesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	key := storetest.Key("damaged", 0)
	e, err := s.Put(ctx, key, storetest.Interaction("damaged", 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rawDB(t, path).Exec("UPDATE tapedeck_entries SET entry = substr(entry, 1, 20) WHERE id = ?", e.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Get(ctx, key)
	var ee *store.EntryError
	if !errors.As(err, &ee) || ee.ID != e.ID || ee.Store != path {
		t.Fatalf("Get of a damaged entry: %v, want an *store.EntryError for entry %d of %s", err, e.ID, path)
	}
	if !strings.Contains(err.Error(), "delete it") {
		t.Errorf("the error does not say what to do: %v", err)
	}
}

// openerEnv, set to a file name, makes the test binary run opener.
const openerEnv = "TAPEDECK_SQLITE_OPENER"

// opener waits until path+".go" exists, then opens path, puts one entry and
// closes it. It prints the error it meets and returns the exit code.
func opener(path string) int {
	for {
		if _, err := os.Stat(path + ".go"); err == nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	s, err := sqlite.Open(path)
	if err == nil {
		u := "http://x/" + strconv.Itoa(os.Getpid())
		_, err = s.Put(context.Background(), store.Key("GET", u), &cassette.Interaction{
			Request:  cassette.Request{Method: "GET", URL: u},
			Response: cassette.Response{Status: "200 OK", Code: 200},
		}, 0)
		s.Close()
	}
	if err != nil {
		fmt.Println(err)
		return 1
	}
	return 0
}

// TestProcessesOpenOneNewFile starts eight processes that open one new
// file at the same moment. SQLite refuses, without waiting, all but one of
// those that both read the empty file and want to switch it to WAL mode;
// Open must wait for the first instead of failing.
func TestProcessesOpenOneNewFile(t *testing.T) {
	dir := t.TempDir()
	for round := 0; round < 8; round++ {
		path := filepath.Join(dir, fmt.Sprintf("cache%d.db", round))
		var cmds []*exec.Cmd
		var outs []*strings.Builder
		for range 8 {
			cmd := exec.Command(os.Args[0], "-test.run", "^$")
			cmd.Env = append(os.Environ(), openerEnv+"="+path)
			out := new(strings.Builder)
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs = append(cmds, cmd), append(outs, out)
		}
		time.Sleep(100 * time.Millisecond) // let them all reach the wait
		if err := os.WriteFile(path+".go", nil, 0o644); err != nil {
			t.Fatal(err)
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Errorf("round %d, process %d: %v: %s", round, i, err, outs[i])
			}
		}
		s, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := s.Scan(context.Background(), func(store.Entry) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if n != len(cmds) {
			t.Errorf("round %d: %d entries in the file, want %d, one per process", round, n, len(cmds))
		}
	}
}
