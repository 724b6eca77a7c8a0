// Package cachekill proves what a durable store promises a program that
// uses the cache: a test binary runs itself again as such a program (Main),
// which fetches through a Recorder with AsCache and WithStore and says when
// each response came back; the test SIGKILLs it after n responses (Start,
// KillAfter) and finds those n in the store (Check). The store backends'
// tests use it with their real servers and files.
package cachekill

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	recorder "github.com/tapedeck/recorder"
	"github.com/tapedeck/recorder/store"
)

// Env, set to a store location, makes a test binary's TestMain call Main
// instead of running the tests:
//
//	if loc := os.Getenv(cachekill.Env); loc != "" {
//		os.Exit(cachekill.Main(loc, open))
//	}
const Env = "TAPEDECK_CACHEKILL_LOCATION"

// Main is the program that uses the cache: it serves an API of its own on
// loopback, opens a Recorder with AsCache over the store open(location)
// gives, and fetches /item/0, /item/1, ... through it, printing "got URL"
// once each response has been read, until it is killed. It returns the
// exit code.
func Main(location string, open func(location string) (store.Store, error)) int {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "item %s", strings.TrimPrefix(r.URL.Path, "/item/"))
	}))
	defer api.Close()
	rec, err := recorder.Open("cache", recorder.AsCache(), recorder.WithStore(open(location)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer rec.Close()
	client := rec.Client()
	for i := 0; i < 100000; i++ {
		u := fmt.Sprintf("%s/item/%d", api.URL, i)
		resp, err := client.Get(u)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Printf("got %s\n", u) // os.Stdout is not buffered
	}
	return 0
}

// A Program is a running Main.
type Program struct {
	cmd   *exec.Cmd
	lines chan string
}

// Start runs the test binary again as Main on location.
func Start(t *testing.T, location string) *Program {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), Env+"="+location)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &Program{cmd: cmd, lines: make(chan string)}
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
	}()
	return p
}

// KillAfter waits until p has been given n responses, SIGKILLs it, and
// returns their URLs. It may be called from any goroutine: it reports with
// t.Errorf.
func (p *Program) KillAfter(t *testing.T, n int) []string {
	var got []string
	deadline := time.After(2 * time.Minute)
	defer func() {
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
	}()
	for len(got) < n {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Errorf("the program stopped after %d responses", len(got))
				return got
			}
			got = append(got, strings.TrimPrefix(line, "got "))
		case <-deadline:
			t.Errorf("the program was given %d responses in 2 minutes, not %d", len(got), n)
			return got
		}
	}
	return got
}

// Check fails t unless st holds, for each of urls, the one response Main was
// given for it.
func Check(t *testing.T, st store.Store, urls []string) {
	t.Helper()
	for _, u := range urls {
		entries, err := st.Get(context.Background(), store.Key("GET", u))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if len(entries) != 1 {
			t.Errorf("%s: %d entries in the store after the kill, want 1", u, len(entries))
			continue
		}
		want := "item " + u[strings.LastIndex(u, "/")+1:]
		if got := string(entries[0].Interaction.Response.Body); got != want {
			t.Errorf("%s: the stored body is %q, want %q", u, got, want)
		}
	}
}

// Open opens the store at a location, as Main's open does.
type Open func(location string) (store.Store, error)

// KillOne runs one program on location, SIGKILLs it after 25 responses, and
// checks that the store has each of them.
func KillOne(t *testing.T, location string, open Open) {
	t.Helper()
	got := Start(t, location).KillAfter(t, 25)
	if len(got) != 25 {
		t.Fatalf("the program was given %d responses, want 25", len(got))
	}
	checkIn(t, location, open, got)
}

// KillTwo runs two programs on location at once, SIGKILLs each after 30
// responses, and checks that the store has all 60.
func KillTwo(t *testing.T, location string, open Open) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var all []string
	for _, p := range []*Program{Start(t, location), Start(t, location)} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := p.KillAfter(t, 30)
			mu.Lock()
			all = append(all, got...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(all) != 60 {
		t.Fatalf("the programs were given %d responses, want 60", len(all))
	}
	checkIn(t, location, open, all)
}

func checkIn(t *testing.T, location string, open Open, urls []string) {
	t.Helper()
	st, err := open(location)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	Check(t, st, urls)
}
