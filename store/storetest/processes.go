package storetest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tapedeck/recorder/store"
)

// The environment of a child process that Kill or Processes starts: what
// it writes, and where.
const (
	envChild    = "TAPEDECK_STORETEST_CHILD"    // "WRITER COUNT"; COUNT 0 writes until killed
	envLocation = "TAPEDECK_STORETEST_LOCATION" // what open is given
)

// maxChildPuts bounds a child that writes until killed, in case its parent
// died first.
const maxChildPuts = 100_000

// SharedKey is the key under which the children of Processes file every
// other entry, so that they append to one key at the same time.
const SharedKey = "GET https://api.example.test/shared"

// childKey is the key the child process writer files its i-th entry under.
func childKey(writer string, i int) string {
	if i%2 == 0 {
		return SharedKey
	}
	return Key(writer, i)
}

// Main is the TestMain of a backend's tests that call Kill or Processes.
// In the child processes those start (the test binary again, with
// TAPEDECK_STORETEST_CHILD set), it opens the store at the location they
// were given with open, Puts entries one by one, prints a line for each
// after Put returns, and exits; it runs no tests. Otherwise it runs the
// tests:
//
//	func TestMain(m *testing.M) {
//		storetest.Main(m, func(location string) (store.Store, error) { return sqlite.Open(location) })
//	}
func Main(m *testing.M, open func(location string) (store.Store, error)) {
	if spec := os.Getenv(envChild); spec != "" {
		os.Exit(child(spec, os.Getenv(envLocation), open))
	}
	os.Exit(m.Run())
}

// child is the writing process. It returns its exit code.
func child(spec, location string, open func(string) (store.Store, error)) int {
	writer, countText, _ := strings.Cut(spec, " ")
	count, err := strconv.Atoi(countText)
	if err != nil || writer == "" {
		fmt.Fprintf(os.Stderr, "storetest child: %s=%q is not \"WRITER COUNT\"\n", envChild, spec)
		return 2
	}
	if count == 0 {
		count = maxChildPuts
	}
	s, err := open(location)
	if err != nil {
		fmt.Fprintf(os.Stderr, "storetest child %s: open %s: %v\n", writer, location, err)
		return 1
	}
	ctx := context.Background()
	for i := range count {
		e, err := s.Put(ctx, childKey(writer, i), Interaction(writer, i), 0)
		if err != nil {
			fmt.Fprintf(os.Stderr, "storetest child %s: Put %d: %v\n", writer, i, err)
			return 1
		}
		// os.Stdout is not buffered: once this line is out, the parent
		// may count the entry as stored.
		fmt.Fprintf(os.Stdout, "put %s %d %d\n", writer, i, e.ID)
	}
	if err := s.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "storetest child %s: Close: %v\n", writer, err)
		return 1
	}
	return 0
}

// An ack is one line of a child: entry i of writer was stored as id.
type ack struct {
	writer string
	i      int
	id     int64
}

func parseAck(line string) (ack, error) {
	var a ack
	if _, err := fmt.Sscanf(line, "put %s %d %d", &a.writer, &a.i, &a.id); err != nil {
		return ack{}, fmt.Errorf("child printed %q: %v", line, err)
	}
	return a, nil
}

// A proc is a running child process and the acknowledgements it printed.
type proc struct {
	writer string
	cmd    *exec.Cmd
	stderr bytes.Buffer
	acks   chan ack // closed when the child's stdout ends
	bad    chan error
}

// start runs the test binary as a child that Puts count entries as writer
// into the store at location (count 0: until it is killed).
func start(t *testing.T, writer string, count int, location string) *proc {
	t.Helper()
	p := &proc{writer: writer, acks: make(chan ack, 1024), bad: make(chan error, 1)}
	p.cmd = exec.Command(os.Args[0], "-test.run=^$")
	p.cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d", envChild, writer, count), envLocation+"="+location)
	p.cmd.Stderr = &p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting the child process %s: %v", writer, err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			p.cmd.Wait()
		}
	})
	go func() {
		defer close(p.acks)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			a, err := parseAck(sc.Text())
			if err != nil {
				select {
				case p.bad <- err:
				default:
				}
				continue
			}
			p.acks <- a
		}
	}()
	return p
}

// check fails the test unless s holds every acknowledged entry, each once
// and as it was put, and (when inFlight) at most one more per child: the
// Put that was running when it was killed.
func check(t *testing.T, s store.Store, acks []ack, writers []string, inFlight bool) {
	t.Helper()
	var all []store.Entry
	if err := s.Scan(context.Background(), func(e store.Entry) error {
		all = append(all, e)
		return nil
	}); err != nil {
		t.Fatalf("Scan of the store the children wrote: %v", err)
	}
	byID := map[int64]store.Entry{}
	for _, e := range all {
		byID[e.ID] = e
	}
	acked := map[int64]bool{}
	for _, a := range acks {
		acked[a.id] = true
		e, ok := byID[a.id]
		if !ok {
			t.Errorf("entry %d (%s's Put %d) was acknowledged but is not in the store: lost", a.id, a.writer, a.i)
			continue
		}
		if e.Key != childKey(a.writer, a.i) {
			t.Errorf("entry %d has key %q, want %q", a.id, e.Key, childKey(a.writer, a.i))
		}
		same(t, fmt.Sprintf("entry %d (%s's Put %d)", a.id, a.writer, a.i), e.Interaction, Interaction(a.writer, a.i))
	}
	extra := len(all) - len(acked)
	limit := 0
	if inFlight {
		limit = len(writers)
	}
	if extra > limit {
		t.Errorf("the store holds %d entries that no child acknowledged; at most %d may have been in flight", extra, limit)
	}
	shared, err := s.Get(context.Background(), SharedKey)
	if err != nil {
		t.Fatal(err)
	}
	sharedIDs := make([]int64, len(shared))
	for i, e := range shared {
		sharedIDs[i] = e.ID
	}
	if !slices.IsSorted(sharedIDs) {
		t.Errorf("the shared key's entries are not oldest first: %v", sharedIDs)
	}
	for _, a := range acks {
		if childKey(a.writer, a.i) == SharedKey && !slices.Contains(sharedIDs, a.id) {
			t.Errorf("Get(SharedKey) does not return entry %d (%s's Put %d)", a.id, a.writer, a.i)
		}
	}
}

// Kill is the proof that an entry is durable when Put returns: a child
// process Puts entries one by one until, after n of them have returned, it
// is killed with SIGKILL (no deferred function, no Close runs); then the
// store at location, opened again with open, must hold all n. location is
// what open is given, in this process and in the child (which Main runs).
func Kill(t *testing.T, n int, location string, open func(location string) (store.Store, error)) {
	t.Helper()
	p := start(t, "killed", 0, location)
	var acks []ack
	timeout := time.After(2 * time.Minute)
	for len(acks) < n {
		select {
		case a, ok := <-p.acks:
			if !ok {
				p.cmd.Wait()
				t.Fatalf("the child exited after %d Puts, before it was killed: %v\n%s", len(acks), p.cmd.ProcessState, p.stderr.String())
			}
			acks = append(acks, a)
		case err := <-p.bad:
			t.Fatal(err)
		case <-timeout:
			t.Fatalf("the child acknowledged only %d Puts in 2 minutes\n%s", len(acks), p.stderr.String())
		}
	}
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	for a := range p.acks { // what it printed before it died
		acks = append(acks, a)
	}
	err := p.cmd.Wait()
	if p.cmd.ProcessState.Success() {
		t.Fatalf("the child was not killed: it exited with %v", err)
	}
	t.Logf("the child acknowledged %d Puts, then was killed (%v)", len(acks), err)
	s, err := open(location)
	if err != nil {
		t.Fatalf("opening the store again after the kill: %v", err)
	}
	defer s.Close()
	check(t, s, acks, []string{"killed"}, true)
}

// Processes is the proof that two processes writing one store lose
// nothing: two children Put count entries each into the store at location
// at the same time, half of them under one shared key; then every entry
// must be there, once, under its key.
func Processes(t *testing.T, count int, location string, open func(location string) (store.Store, error)) {
	t.Helper()
	writers := []string{"left", "right"}
	procs := make([]*proc, len(writers))
	for i, w := range writers {
		procs[i] = start(t, w, count, location)
	}
	var acks []ack
	for _, p := range procs {
		for a := range p.acks {
			acks = append(acks, a)
		}
		select {
		case err := <-p.bad:
			t.Error(err)
		default:
		}
		if err := p.cmd.Wait(); err != nil {
			t.Fatalf("child %s: %v\n%s", p.writer, err, p.stderr.String())
		}
	}
	if len(acks) != count*len(writers) {
		t.Fatalf("the children acknowledged %d Puts, want %d", len(acks), count*len(writers))
	}
	seen := map[int64]ack{}
	for _, a := range acks {
		if prev, ok := seen[a.id]; ok {
			t.Errorf("ID %d was given to both %s's Put %d and %s's Put %d", a.id, prev.writer, prev.i, a.writer, a.i)
		}
		seen[a.id] = a
	}
	s, err := open(location)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(t, s, acks, writers, false)
	var n int
	if err := s.Scan(context.Background(), func(store.Entry) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != count*len(writers) {
		t.Errorf("the store holds %d entries after two processes put %d each", n, count)
	}
}
