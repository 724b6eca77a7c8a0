package recorder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/tapedeck/recorder/cassette"
	"github.com/tapedeck/recorder/expiry"
	"github.com/tapedeck/recorder/internal/engine"
	"github.com/tapedeck/recorder/match"
)

// sameRequest is a custom rule, as a user would write it with match.Func.
// Its error is a value made once, so that the benchmark measures the
// recorder rather than fmt.Errorf.
func sameRequest(live, recorded *cassette.Request) error {
	if live.Method != recorded.Method || live.URL != recorded.URL {
		return errDiffers
	}
	return nil
}

var errDiffers = errors.New("the method or URL differs")

// BenchmarkReplayFunc measures replay with a custom match.Func matcher over
// cassettes of 1,000 and 10,000 interactions, requests sent in a random
// order (a fixed permutation): keyed, with KeyOn(match.Method(),
// match.Path()), the recorder looks recordings up by key; unkeyed, it calls
// the function for each unused recording until one matches.
func BenchmarkReplayFunc(b *testing.B) {
	matchers := []struct {
		name string
		m    match.Matcher
	}{
		{"keyed", match.Func("same request", sameRequest, match.KeyOn(match.Method(), match.Path()))},
		{"unkeyed", match.Func("same request", sameRequest)},
	}
	for _, m := range matchers {
		for _, n := range []int{1000, 10000} {
			b.Run(fmt.Sprintf("%s/interactions=%d", m.name, n), func(b *testing.B) {
				c, fsys := savedBenchCassette(b, n)
				rec, err := Open("bench", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}), WithMatcher(m.m))
				if err != nil {
					b.Fatal(err)
				}
				reqs := benchRequests(b, c)
				rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
				replayAll(b, rec, reqs, nil)
			})
		}
	}
}

// benchSizes are the cassette sizes BenchmarkReplay runs at.
var benchSizes = []int{10, 1000, 10000}

// benchCassette has n GET interactions for distinct URLs with small JSON
// responses, like a recorded REST API.
func benchCassette(n int) *cassette.Cassette {
	c := &cassette.Cassette{Version: cassette.Version}
	for i := range n {
		c.Interactions = append(c.Interactions, &cassette.Interaction{
			Request: cassette.Request{
				Method:  "GET",
				URL:     fmt.Sprintf("https://api.example.com/items/%d?expand=owner", i),
				Headers: http.Header{"Accept": {"application/json"}},
			},
			Response: cassette.Response{
				Status:  "200 OK",
				Code:    200,
				Proto:   "HTTP/1.1",
				Headers: http.Header{"Content-Type": {"application/json"}, "Etag": {fmt.Sprintf(`"v%d"`, i)}},
				Body:    []byte(fmt.Sprintf(`{"id":%d,"name":"item %d","owner":{"login":"octocat"}}`, i, i)),
			},
		})
	}
	return c
}
func benchRequests(b *testing.B, c *cassette.Cassette) []*http.Request {
	reqs := make([]*http.Request, len(c.Interactions))
	for i, in := range c.Interactions {
		req, err := http.NewRequest(in.Request.Method, in.Request.URL, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header = in.Request.Headers.Clone()
		reqs[i] = req
	}
	return reqs
}

// resetUsed makes every recording replayable again, so a benchmark can
// cycle through a cassette more than once.
func (r *Recorder) resetUsed() {
	r.eng.(*engine.Engine).ResetUsed()
}

// savedBenchCassette saves benchCassette(n) as bench.yaml in a memory
// filesystem, for Open to load.
func savedBenchCassette(b *testing.B, n int) (*cassette.Cassette, afero.Fs) {
	c := benchCassette(n)
	fsys := afero.NewMemMapFs()
	if err := cassette.Save(fsys, "bench.yaml", c); err != nil {
		b.Fatal(err)
	}
	return c, fsys
}

// replayAll is the timed loop of the replay benchmarks: each op replays the
// next of reqs through rec, and after the last all recordings are made
// replayable again (that reset is included, about one map walk per
// len(reqs) ops). check, if not nil, looks at each response.
func replayAll(b *testing.B, rec *Recorder, reqs []*http.Request, check func(*http.Response)) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(reqs)
		if j == 0 && i > 0 {
			rec.resetUsed()
		}
		resp, err := rec.RoundTrip(reqs[j])
		if err != nil {
			b.Fatal(err)
		}
		if check != nil {
			check(resp)
		}
		resp.Body.Close()
	}
}

// BenchmarkReplay measures RoundTrip in ModeReplay over cassettes of several
// sizes, loaded from a file through Open. Each op replays the next
// interaction; after the last, all are made replayable again (that reset is
// included, about one map walk per cassette length of ops).
func BenchmarkReplay(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("interactions=%d", n), func(b *testing.B) {
			c, fsys := savedBenchCassette(b, n)
			rec, err := Open("bench", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}))
			if err != nil {
				b.Fatal(err)
			}
			reqs := benchRequests(b, c)
			replayAll(b, rec, reqs, nil)
		})
	}
}

// cannedMap is the least a replaying RoundTripper can do: look the request
// up in a map by method and URL and build the same response as Recorder.
type cannedMap map[string]*cassette.Interaction

func (m cannedMap) RoundTrip(req *http.Request) (*http.Response, error) {
	in := m[req.Method+" "+req.URL.String()]
	if in == nil {
		return nil, fmt.Errorf("no canned response for %s %s", req.Method, req.URL)
	}
	return cannedResponse(in, req), nil
}

// cannedResponse builds a response the way a plain replayer would: the
// recorded status, protocol, headers (cloned, since the client may change
// them), trailers and body. It stands still while the recorder's own
// response building gets faster, so that the baseline stays a yardstick.
func cannedResponse(in *cassette.Interaction, req *http.Request) *http.Response {
	rs := &in.Response
	major, minor, _ := http.ParseHTTPVersion(rs.Proto)
	header := rs.Headers.Clone()
	if header == nil {
		header = make(http.Header)
	}
	n := int64(-1)
	if vs := rs.Headers["Content-Length"]; len(vs) > 0 {
		if v, err := strconv.ParseInt(vs[0], 10, 64); err == nil {
			n = v
		}
	}
	return &http.Response{
		Status: rs.Status, StatusCode: rs.Code, Proto: rs.Proto, ProtoMajor: major, ProtoMinor: minor,
		Header: header, Trailer: rs.Trailers.Clone(), ContentLength: n, Request: req,
		Body: io.NopCloser(bytes.NewReader(rs.Body)),
	}
}

// BenchmarkReplayBaseline is BenchmarkReplay's yardstick: the same requests
// answered by cannedMap.
func BenchmarkReplayBaseline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("interactions=%d", n), func(b *testing.B) {
			c := benchCassette(n)
			m := make(cannedMap, n)
			for _, in := range c.Interactions {
				m[in.Request.Method+" "+in.Request.URL] = in
			}
			reqs := benchRequests(b, c)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				resp, err := m.RoundTrip(reqs[i%n])
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
	}
}

// BenchmarkReplayWithExpiry is BenchmarkReplay with an expiry policy that
// has a rule, under which nothing is stale yet: the cost of asking the
// policy on every replay, which the default (no WithExpiry) does not pay.
func BenchmarkReplayWithExpiry(b *testing.B) {
	policy := expiry.Policy{
		Default: expiry.After(24 * time.Hour),
		Rules:   []expiry.Rule{{Pattern: "api.example.com/items/*", Expire: expiry.After(time.Hour)}},
	}
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprintf("interactions=%d", n), func(b *testing.B) {
			c, fsys := savedBenchCassette(b, n)
			loaded, err := cassette.Load(fsys, "bench.yaml")
			if err != nil {
				b.Fatal(err)
			}
			recordedAt := loaded.Interactions[0].RecordedAt
			rec, err := Open("bench", WithFS(fsys), WithMode(ModeReplay), WithTransport(&offline{}),
				WithExpiry(policy), WithClock(func() time.Time { return recordedAt.Add(time.Minute) }))
			if err != nil {
				b.Fatal(err)
			}
			reqs := benchRequests(b, c)
			replayAll(b, rec, reqs, func(resp *http.Response) {
				if info, _ := Info(resp); info.Stale {
					b.Fatal("stale")
				}
			})
		})
	}
}

// BenchmarkRecordAndSave is a test's whole life with one request: open a
// recorder on a new cassette, record one GET from a loopback server, save
// at Close ("recorder"); "plain" is the same GET without the recorder, its
// yardstick.
func BenchmarkRecordAndSave(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":1,"name":"tapedeck","stars":42,"topics":["http","testing"]}`)
	}))
	defer srv.Close()
	b.Run("recorder", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rec, err := Open("bench", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport))
			if err != nil {
				b.Fatal(err)
			}
			resp, err := rec.Client().Get(srv.URL + "/repos/1")
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err := rec.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A test that records many requests saves once: per request, what
	// recording costs is the round trip, the capture and its share of one
	// save (its encoding and scan).
	b.Run("recorder-100-per-cassette", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i += 100 {
			rec, err := Open("bench", WithFS(afero.NewMemMapFs()), WithMode(ModeRecordMissing), WithTransport(srv.Client().Transport))
			if err != nil {
				b.Fatal(err)
			}
			client := rec.Client()
			for j := 0; j < 100; j++ {
				resp, err := client.Get(srv.URL + "/repos/" + strconv.Itoa(j))
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if err := rec.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		client := srv.Client()
		for i := 0; i < b.N; i++ {
			resp, err := client.Get(srv.URL + "/repos/1")
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
