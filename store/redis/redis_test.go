package redis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/tapedeck/recorder/internal/cachekill"
	"github.com/tapedeck/recorder/store"
	"github.com/tapedeck/recorder/store/redis"
	"github.com/tapedeck/recorder/store/storetest"
)

// serverURL is the Redis server the tests use, from TAPEDECK_REDIS_URL.
// Without it the tests skip, except under CI, where .ci/run starts a
// server and exports the variable: there a missing URL is a failure.
func serverURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("TAPEDECK_REDIS_URL")
	if u != "" {
		return u
	}
	const how = "start a throwaway server (redis-server --port 6390 --bind 127.0.0.1 --save '' --appendonly no) " +
		"and run TAPEDECK_REDIS_URL=redis://127.0.0.1:6390/0 go test ./... in store/redis; or run .ci/run"
	if ci := os.Getenv("CI"); ci != "" && ci != "0" && !strings.EqualFold(ci, "false") {
		tb.Fatalf("CI is set but TAPEDECK_REDIS_URL is not, so the Redis store would go untested: %s", how)
	}
	tb.Skipf("TAPEDECK_REDIS_URL is unset: %s", how)
	return ""
}

// freshPrefix returns a key prefix no other test uses, and deletes its keys
// when the test ends.
func freshPrefix(tb testing.TB, url string) string {
	tb.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	prefix := "tapedeck-test:" + hex.EncodeToString(b) + ":"
	tb.Cleanup(func() { deletePrefix(tb, url, prefix) })
	return prefix
}

func deletePrefix(tb testing.TB, url, prefix string) {
	o, err := goredis.ParseURL(url)
	if err != nil {
		tb.Error(err)
		return
	}
	c := goredis.NewClient(o)
	defer c.Close()
	ctx := context.Background()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		tb.Errorf("cleaning up %s*: %v", prefix, err)
		return
	}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		if err := c.Del(ctx, keys[:n]...).Err(); err != nil {
			tb.Errorf("cleaning up %s*: %v", prefix, err)
			return
		}
		keys = keys[n:]
	}
}

func openFresh(t *testing.T) *redis.Store {
	t.Helper()
	url := serverURL(t)
	s, err := redis.Open(url, redis.WithPrefix(freshPrefix(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openFresh(t) })
}

func TestPrefixesAreSeparate(t *testing.T) {
	url := serverURL(t)
	ctx := context.Background()
	a, err := redis.Open(url, redis.WithPrefix(freshPrefix(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := redis.Open(url, redis.WithPrefix(freshPrefix(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	key := storetest.Key("prefix", 0)
	if _, err := a.Put(ctx, key, storetest.Interaction("prefix", 0), 0); err != nil {
		t.Fatal(err)
	}
	es, err := b.Get(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 0 {
		t.Errorf("a store under another prefix sees %d entries of the first", len(es))
	}
	n := 0
	if err := b.Scan(ctx, func(store.Entry) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("Scan under another prefix found %d entries", n)
	}
}

func TestOpenErrors(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close() // nothing listens there now
	cases := []struct{ name, url, want string }{
		{"not a URL", "127.0.0.1:6379", "redis store 127.0.0.1:6379: "},
		{"wrong scheme", "http://127.0.0.1:6379/0", "give a URL such as redis://127.0.0.1:6379/0"},
		{"nobody listens", "redis://" + dead + "/0", `redis store redis://` + dead + `/0 (prefix "tapedeck:"): the server does not answer: `},
		{"password hidden", "redis://user:s3cret@" + dead + "/0", `redis store redis://user:xxxxx@` + dead + `/0`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := redis.Open(c.url)
			if err == nil {
				s.Close()
				t.Fatal("Open returned no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\ndoes not contain\n%s", err, c.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

func TestDamagedEntryNamesIt(t *testing.T) {
	url := serverURL(t)
	prefix := freshPrefix(t, url)
	s, err := redis.Open(url, redis.WithPrefix(prefix))
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
	o, _ := goredis.ParseURL(url)
	c := goredis.NewClient(o)
	defer c.Close()
	if err := c.HSet(ctx, prefix+"e:"+itoa(e.ID), "v", "td\x01garbage").Err(); err != nil {
		t.Fatal(err)
	}
	_, err = s.Get(ctx, key)
	var ee *store.EntryError
	if !errors.As(err, &ee) || ee.ID != e.ID || !strings.Contains(ee.Store, prefix) {
		t.Fatalf("Get of a damaged entry: %v, want an *store.EntryError for entry %d naming prefix %s", err, e.ID, prefix)
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

// The children of Kill and Processes open the store under the prefix they
// are given, on the server of TAPEDECK_REDIS_URL, which they inherit.
func openPrefix(prefix string) (store.Store, error) {
	return redis.Open(os.Getenv("TAPEDECK_REDIS_URL"), redis.WithPrefix(prefix))
}

func TestMain(m *testing.M) {
	if loc := os.Getenv(cachekill.Env); loc != "" {
		os.Exit(cachekill.Main(loc, openPrefix))
	}
	storetest.Main(m, openPrefix)
}

func TestKillKeepsEveryReturnedPut(t *testing.T) {
	url := serverURL(t)
	storetest.Kill(t, 40, freshPrefix(t, url), openPrefix)
}

func TestTwoProcessesLoseNothing(t *testing.T) {
	url := serverURL(t)
	storetest.Processes(t, 150, freshPrefix(t, url), openPrefix)
}
